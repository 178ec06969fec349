import { z } from "zod";
import { LocalTemplateProvider } from "./local-provider";
import { OpenAiCompatibleProvider } from "./openai-provider";
import type { LlmProvider } from "./types";

export * from "./types";
export { loadPrompt, renderPrompt, type LoadedPrompt } from "./prompts";
export { LocalTemplateProvider } from "./local-provider";
export { OpenAiCompatibleProvider } from "./openai-provider";

const llmEnv = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url("must be a URL").default("https://api.openai.com/v1"),
  PRISM_LLM_CHEAP_MODEL: z.string().default("gpt-4o-mini"),
  PRISM_LLM_QUALITY_MODEL: z.string().default("gpt-4o"),
});

let override: LlmProvider | null = null;

/** Tests and scripts may substitute a provider; pass null to restore the configured one. */
export function setLlmProvider(provider: LlmProvider | null) {
  override = provider;
}

/** The local template provider by default; the OpenAI-compatible one when OPENAI_API_KEY is set (never in tests). */
export function getLlmProvider(): LlmProvider {
  if (override) return override;
  const env = llmEnv.parse(process.env);
  if (env.OPENAI_API_KEY && process.env.NODE_ENV !== "test" && !process.env.VITEST) {
    return new OpenAiCompatibleProvider({
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL,
      models: { cheap: env.PRISM_LLM_CHEAP_MODEL, quality: env.PRISM_LLM_QUALITY_MODEL },
    });
  }
  return new LocalTemplateProvider();
}
