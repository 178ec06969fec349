import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { createPromptBodySchema } from "@/lib/evaluation/prompt-input";
import { createPromptVersion, listPrompts } from "@/lib/evaluation/store/prompts";
import { builtInPrompts } from "@/lib/evaluation/spectrum-prompts";

/** The project's prompts, plus Prism's own Spectrum prompts as a read-only example. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true } }, async ({ db, principal, apiKey }) =>
  Response.json({ data: await listPrompts(db, actorOf({ principal, apiKey }).projectId), builtIn: builtInPrompts() }),
);

/** Langfuse-compatible: creates the prompt's next version (`{ name, type, prompt, config?, labels?, commitMessage? }`). */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, body: createPromptBodySchema, maxBytes: 500_000 }, async ({ db, principal, apiKey, body }) =>
  Response.json(await createPromptVersion(db, actorOf({ principal, apiKey }), body), { status: 201 }),
);
