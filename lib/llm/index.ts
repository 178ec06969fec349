// lib/llm public API: prompts, the two providers, and the rule that picks one from the configuration.
import { env as readEnv, type Env } from "@/lib/env";
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

/** The settings that choose the provider: the same environment variables a user sets (see lib/env). */
export type LlmConfig = Pick<Env, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "PRISM_LLM_CHEAP_MODEL" | "PRISM_LLM_QUALITY_MODEL">;

/** The local template provider when no key is set; the OpenAI-compatible one (cheap and quality models) when one is. */
export function selectLlmProvider(config: LlmConfig): LlmProvider {
  if (!config.OPENAI_API_KEY) return new LocalTemplateProvider();
  return new OpenAiCompatibleProvider({
    apiKey: config.OPENAI_API_KEY,
    baseUrl: config.OPENAI_BASE_URL,
    models: { cheap: config.PRISM_LLM_CHEAP_MODEL, quality: config.PRISM_LLM_QUALITY_MODEL },
  });
}

/** The provider substituted by setLlmProvider, or the one the environment selects. */
export function getLlmProvider(): LlmProvider {
  return override ?? selectLlmProvider(readEnv());
}
