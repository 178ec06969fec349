// An LlmProvider that records every generate() through trackLlmCall, for jobs that call lib/llm.

import type { Db } from "@/db/client";
import type { GenerateRequest, GenerateResult, LlmProvider } from "@/lib/llm/types";
import { trackLlmCall } from "./track-llm-call";

const TRACKED = Symbol("prism.tracked");

/**
 * Wraps `provider` so each call becomes a Prism trace in `projectId`. Only the prompt's variable names, tier and
 * variant are stored as input, and the output text is not stored: insight prompts are built from one end user's
 * aggregates, and these traces carry no user id (user deletion could not find them).
 */
export function trackedProvider(db: Db, projectId: string, provider: LlmProvider): LlmProvider {
  if ((provider as { [TRACKED]?: boolean })[TRACKED]) return provider;
  return {
    id: provider.id,
    [TRACKED]: true,
    generate(request: GenerateRequest): Promise<GenerateResult> {
      return trackLlmCall(
        db,
        projectId,
        {
          provider: provider.id,
          model: `tier:${request.tier}`,
          prompt: { name: request.prompt.name, version: request.prompt.version },
          input: { variables: Object.keys(request.variables).sort(), tier: request.tier, variant: request.variant },
        },
        () => provider.generate(request),
        { output: (r) => ({ characters: r.text.length }) },
      );
    },
  } as LlmProvider;
}
