// Which analyzer the sentiment job uses: the shipped local model (the default, offline, tested), or the configured
// LLM provider when the operator opts in (PRISM_SENTIMENT_ANALYZER=llm and a networked provider is configured).
import { env } from "@/lib/env";
import { getLlmProvider } from "@/lib/llm";
import { LlmSentimentAnalyzer } from "./llm-analyzer";
import { localSentimentAnalyzer } from "./local-analyzer";
import type { SentimentAnalyzer } from "./types";

export function sentimentAnalyzer(choice: "local" | "llm" = env().PRISM_SENTIMENT_ANALYZER): SentimentAnalyzer {
  if (choice === "llm") {
    const provider = getLlmProvider();
    if (!provider.deterministic) return new LlmSentimentAnalyzer(provider, localSentimentAnalyzer());
  }
  return localSentimentAnalyzer();
}
