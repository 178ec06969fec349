import { env as readEnv } from "@/lib/env";
import { LocalTemplateProvider } from "./local-provider";
import { OpenAiCompatibleProvider } from "./openai-provider";
import type { LlmProvider } from "./types";

export * from "./types";
export { loadPrompt, renderPrompt, type LoadedPrompt } from "./prompts";
export { LocalTemplateProvider } from "./local-provider";
export { OpenAiCompatibleProvider } from "./openai-provider";

let override: LlmProvider | null = null;

/** Tests and scripts may substitute a provider; pass null to restore the configured one. */
export function setLlmProvider(provider: LlmProvider | null) {
  override = provider;
}

/** The local template provider by default; the OpenAI-compatible one when OPENAI_API_KEY is set (never in tests). */
export function getLlmProvider(): LlmProvider {
  if (override) return override;
  const env = readEnv();
  if (env.OPENAI_API_KEY && process.env.NODE_ENV !== "test" && !process.env.VITEST) {
    return new OpenAiCompatibleProvider({
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL,
      models: { cheap: env.PRISM_LLM_CHEAP_MODEL, quality: env.PRISM_LLM_QUALITY_MODEL },
    });
  }
  return new LocalTemplateProvider();
}
