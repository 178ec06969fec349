// What a prompt version is made of (Langfuse's `POST /api/public/v2/prompts` shape) and the rules on names, labels and
// `{{variables}}`: pure, shared by the API, the store and the pages.
import { z } from "zod";

/** `latest` always names the newest version; it is computed, never set. */
export const LATEST_LABEL = "latest";
export const DEFAULT_LABEL = "production";

export const promptNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(/^[\w.\-/ ]+$/, "may contain letters, digits, spaces and . _ - / only");

export const labelSchema = z
  .string()
  .min(1, "must not be empty")
  .max(36, "must be at most 36 characters")
  .regex(/^[a-z0-9_.-]+$/, "must be lowercase letters, digits and . _ - only")
  .refine((l) => l !== LATEST_LABEL, "`latest` is set automatically on the newest version");

export const chatMessageSchema = z.object({
  role: z.string().min(1).max(40),
  content: z.string().max(100_000),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

const configSchema = z.record(z.string().max(100), z.unknown()).refine((c) => JSON.stringify(c).length <= 20_000, "must be at most 20,000 characters of JSON");

const common = {
  name: promptNameSchema,
  config: configSchema.optional(),
  labels: z.array(labelSchema).max(20).optional(),
  commitMessage: z.string().max(1000).optional(),
};

export const createPromptSchema = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("text"), prompt: z.string().min(1, "must not be empty").max(100_000) }),
  z.object({ ...common, type: z.literal("chat"), prompt: z.array(chatMessageSchema).min(1, "needs at least one message").max(200) }),
]);
/** `type` defaults to "text" as in Langfuse. */
export const createPromptBodySchema = z.preprocess(
  (b) => (b && typeof b === "object" && !Array.isArray(b) && !("type" in b) ? { ...b, type: "text" } : b),
  createPromptSchema,
);
export type CreatePromptInput = z.infer<typeof createPromptSchema>;

export const moveLabelsSchema = z.object({
  /** Labels to point at this version (taken from whichever version had them). */
  newLabels: z.array(labelSchema).max(20).default([]),
  /** Labels to take off this version. */
  removeLabels: z.array(labelSchema).max(20).default([]),
});

/** The `{{name}}` placeholders of a prompt, in first-seen order. */
export function promptVariables(prompt: string | ChatMessage[]): string[] {
  const texts = typeof prompt === "string" ? [prompt] : prompt.map((m) => m.content);
  const seen = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) seen.add(m[1]!);
  return [...seen];
}

/** Fills `{{name}}` placeholders; a missing variable is an error naming it, never a silent blank. */
export function compilePrompt<P extends string | ChatMessage[]>(prompt: P, variables: Record<string, unknown>): P {
  const fill = (text: string) =>
    text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
      if (!(key in variables)) throw new Error(`variable ${key} is missing`);
      const v = variables[key];
      return typeof v === "string" ? v : JSON.stringify(v);
    });
  return (typeof prompt === "string" ? fill(prompt) : prompt.map((m) => ({ ...m, content: fill(m.content) }))) as P;
}
