import { expect, test } from "vitest";
import type { GenerateRequest, LlmProvider } from "@/lib/llm";
import { sentimentAnalyzer } from "./analyzer";
import { LlmSentimentAnalyzer, parseLlmAnswer } from "./llm-analyzer";
import { localSentimentAnalyzer } from "./local-analyzer";

const answering = (texts: string[]): LlmProvider & { prompts: GenerateRequest[] } => {
  const prompts: GenerateRequest[] = [];
  return {
    id: "scripted",
    prompts,
    async generate(request) {
      prompts.push(request);
      return { text: texts[prompts.length - 1], provider: "scripted", model: "m", inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1 };
    },
  };
};

test("the local model is the default; the LLM is used only when opted in and networked", () => {
  expect(sentimentAnalyzer().version).toBe(localSentimentAnalyzer().version);
  // Tests run without an API key: the provider is the deterministic local one, so even "llm" stays local.
  expect(sentimentAnalyzer("llm").version).toBe(localSentimentAnalyzer().version);
});

test("LLM answers are validated; an invalid answer falls back to the local reading of that text", async () => {
  const provider = answering([
    'Sure: {"polarity": -0.8, "label": "negative", "emotions": {"frustration": 0.9, "anger": 0.4}}',
    "I think the user is happy",
    '{"polarity": 3, "label": "negative", "emotions": {}}',
  ]);
  const analyzer = new LlmSentimentAnalyzer(provider, localSentimentAnalyzer());
  const [first, second, third] = await analyzer.analyze(["It broke again", "Thanks, that worked perfectly!", "Thanks, that worked perfectly!"]);
  expect(first).toMatchObject({ polarity: -0.8, label: "negative", detected: ["frustration"] });
  expect(first.emotions.joy).toBe(0);
  const local = localSentimentAnalyzer().analyzeOne("Thanks, that worked perfectly!");
  expect(second).toEqual(local);
  expect(third).toEqual(local);
  expect(provider.prompts[0].prompt.name).toBe("sentiment-classify");
  expect(provider.prompts[0].variables).toEqual({ text: "It broke again" });
  expect(parseLlmAnswer("{not json}")).toBeNull();
});
