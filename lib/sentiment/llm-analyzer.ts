// Opt-in analyzer through the configured LLM provider (prompts/sentiment-classify). Every answer is validated; an
// answer that is not the expected JSON falls back to the local model's reading of that text, so one bad completion
// never fails the job nor stores an invented value.
import { z } from "zod";
import { loadPrompt, type LlmProvider } from "@/lib/llm";
import { EMOTIONS, type Emotion, type EmotionScores } from "@/lib/spectrum/types";
import type { LocalSentimentAnalyzer } from "./local-analyzer";
import { POLARITY_LABELS, type SentimentAnalyzer, type SentimentReading } from "./types";

const unit = z.number().min(0).max(1);
const answerSchema = z.object({
  polarity: z.number().min(-1).max(1),
  label: z.enum(POLARITY_LABELS),
  emotions: z.object(Object.fromEntries(EMOTIONS.map((e) => [e, unit.default(0)])) as Record<Emotion, z.ZodDefault<typeof unit>>),
});

/** Emotion intensity from which an LLM-scored emotion counts as detected. */
const LLM_DETECTION = 0.5;

export function parseLlmAnswer(text: string): SentimentReading | null {
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  try {
    const parsed = answerSchema.safeParse(JSON.parse(json));
    if (!parsed.success) return null;
    const emotions = parsed.data.emotions as EmotionScores;
    return { polarity: parsed.data.polarity, label: parsed.data.label, emotions, detected: EMOTIONS.filter((e) => emotions[e] >= LLM_DETECTION) };
  } catch {
    return null;
  }
}

export class LlmSentimentAnalyzer implements SentimentAnalyzer {
  readonly version: string;
  constructor(
    private readonly provider: LlmProvider,
    private readonly fallback: LocalSentimentAnalyzer,
  ) {
    this.version = `llm-${provider.id}-sentiment-classify-v1`;
  }

  async analyze(texts: readonly string[]): Promise<SentimentReading[]> {
    const prompt = loadPrompt("sentiment-classify", "v1");
    const out: SentimentReading[] = [];
    for (const text of texts) {
      const result = await this.provider.generate({ prompt, variables: { text }, tier: "cheap", variant: 0 });
      out.push(parseLlmAnswer(result.text) ?? this.fallback.analyzeOne(text));
    }
    return out;
  }
}
