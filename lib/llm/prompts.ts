import { readFileSync } from "node:fs";
import path from "node:path";

export interface LoadedPrompt {
  name: string;
  version: string;
  text: string;
}

const cache = new Map<string, LoadedPrompt>();

/** Reads prompts/<name>/<version>.md. Prompts are never edited in place: a change is a new version file. */
export function loadPrompt(name: string, version: string): LoadedPrompt {
  if (!/^[a-z0-9-]+$/.test(name) || !/^v\d+$/.test(version)) throw new Error(`invalid prompt reference ${name}/${version}`);
  const key = `${name}/${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const text = readFileSync(path.join(process.cwd(), "prompts", name, `${version}.md`), "utf8");
  const prompt = { name, version, text };
  cache.set(key, prompt);
  return prompt;
}

/** Substitutes {{variable}} placeholders; an unknown placeholder is an error, not a silent blank. */
export function renderPrompt(text: string, variables: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in variables)) throw new Error(`prompt variable ${key} is missing`);
    return String(variables[key]);
  });
}
