// Line diff between two prompt versions (the `diff` package), shown on the Prompts page and returned by the API.
import { diffLines } from "diff";
import type { ChatMessage } from "./prompt-input";

export interface DiffPart {
  kind: "added" | "removed" | "same";
  text: string;
}

/** A prompt as text: chat messages as `role: content` blocks, so a diff reads like the prompt. */
export function promptText(prompt: unknown): string {
  if (typeof prompt === "string") return prompt;
  if (Array.isArray(prompt)) return (prompt as ChatMessage[]).map((m) => `[${m.role}]\n${m.content}`).join("\n\n");
  return JSON.stringify(prompt, null, 2);
}

export function diffPromptVersions(
  from: { prompt: unknown; config: unknown },
  to: { prompt: unknown; config: unknown },
): { prompt: DiffPart[]; config: DiffPart[]; changed: boolean } {
  const parts = (a: string, b: string): DiffPart[] =>
    diffLines(a, b).map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }));
  const prompt = parts(promptText(from.prompt), promptText(to.prompt));
  const config = parts(JSON.stringify(from.config ?? {}, null, 2) + "\n", JSON.stringify(to.config ?? {}, null, 2) + "\n");
  return { prompt, config, changed: [...prompt, ...config].some((p) => p.kind !== "same") };
}
