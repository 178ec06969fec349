// Prism's own Spectrum prompts (the repository's prompts/ folder), shown on the Prompts page as a read-only example
// of versioned prompts: they change only through a new version file, never through the API.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promptVariables } from "./prompt-input";

export interface BuiltInPrompt {
  name: string;
  versions: { version: string; text: string; variables: string[]; purpose: string | null; created: string | null; tier: string | null }[];
}

type Metadata = { versions?: Record<string, { purpose?: string; created?: string; tier?: string }> };

export function builtInPrompts(root = path.join(process.cwd(), "prompts")): BuiltInPrompt[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(root, d.name);
      const meta = JSON.parse(readFileSync(path.join(dir, "metadata.json"), "utf8")) as Metadata;
      const versions = readdirSync(dir)
        .filter((f) => /^v\d+\.md$/.test(f))
        .map((f) => {
          const version = f.replace(/\.md$/, "");
          const text = readFileSync(path.join(dir, f), "utf8");
          const m = meta.versions?.[version];
          return { version, text, variables: promptVariables(text), purpose: m?.purpose ?? null, created: m?.created ?? null, tier: m?.tier ?? null };
        })
        .sort((a, b) => Number(b.version.slice(1)) - Number(a.version.slice(1)));
      return { name: d.name, versions };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
