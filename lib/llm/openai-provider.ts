import { renderPrompt } from "./prompts";
import type { GenerateRequest, GenerateResult, LlmProvider, ModelTier } from "./types";

export interface OpenAiConfig {
  apiKey: string;
  baseUrl: string;
  models: Record<ModelTier, string>;
}

/** USD per 1M tokens (input, output); unknown models are priced at 0 and logged as such in the insight row. */
const PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1": [2, 8],
};

/** Any OpenAI-compatible chat-completions endpoint. Cost-aware routing: cheap tier for weekly, quality for monthly. */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly id = "openai";
  constructor(private readonly config: OpenAiConfig) {}

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const model = this.config.models[request.tier];
    const started = Date.now();
    const messages = [
      { role: "system", content: renderPrompt(request.prompt.text, request.variables) },
      { role: "user", content: request.feedback?.length ? `Write it again; the previous text was rejected: ${request.feedback.join("; ")}` : "Write it." },
    ];
    const res = await fetch(`${this.config.baseUrl.replace(/\/$/, "")}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.config.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model, messages, temperature: request.variant === 0 ? 0.4 : 0.8, max_tokens: 300 }),
    });
    if (!res.ok) throw new Error(`LLM provider returned ${res.status}`);
    const body = (await res.json()) as { choices?: { message?: { content?: string } }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } };
    const text = body.choices?.[0]?.message?.content?.trim() ?? "";
    const inputTokens = body.usage?.prompt_tokens ?? 0;
    const outputTokens = body.usage?.completion_tokens ?? 0;
    const [pin, pout] = PRICES[model] ?? [0, 0];
    return { text, provider: this.id, model, inputTokens, outputTokens, costUsd: (inputTokens * pin + outputTokens * pout) / 1e6, latencyMs: Date.now() - started };
  }
}
