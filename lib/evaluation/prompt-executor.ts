// Runs a prompt version on one dataset item through the configured OpenAI-compatible provider (OPENAI_API_KEY,
// OPENAI_BASE_URL). Without a key there is no executor: a prompt run then fails with a message saying so, rather
// than inventing outputs. Cost comes from the same model price list as traced spans.
import { env } from "@/lib/env";
import { computeCost } from "@/lib/traces/pricing/cost";
import { matchModelPrice } from "@/lib/traces/pricing/match";
import { compilePrompt, type ChatMessage } from "./prompt-input";

export interface PromptExecution {
  text: string;
  model: string;
  latencyMs: number;
  costUsd: number;
}

export interface PromptExecutor {
  readonly id: string;
  execute(request: { messages: ChatMessage[]; config: Record<string, unknown> }): Promise<PromptExecution>;
}

export const NO_PROVIDER_MESSAGE =
  "No LLM provider is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible endpoint) to run prompts, or send the outputs with the run";

/** Parameters passed through from a version's config to the chat-completions call. */
const PASSED = ["temperature", "top_p", "max_tokens", "max_completion_tokens", "seed", "stop", "response_format", "presence_penalty", "frequency_penalty"];

export class OpenAiChatExecutor implements PromptExecutor {
  readonly id = "openai";
  constructor(private readonly opts: { apiKey: string; baseUrl: string; defaultModel: string; now?: () => number }) {}

  async execute({ messages, config }: { messages: ChatMessage[]; config: Record<string, unknown> }): Promise<PromptExecution> {
    const now = this.opts.now ?? Date.now;
    const model = typeof config.model === "string" ? config.model : this.opts.defaultModel;
    const params = Object.fromEntries(PASSED.filter((k) => k in config).map((k) => [k, config[k]]));
    const started = now();
    const res = await fetch(`${this.opts.baseUrl.replace(/\/$/, "")}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.opts.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model, messages, ...params }),
      signal: AbortSignal.timeout(60_000),
    });
    if (!res.ok) throw new Error(`LLM provider returned ${res.status}`);
    const body = (await res.json()) as { choices?: { message?: { content?: string } }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } };
    const price = matchModelPrice(model, new Date());
    const usage = { input: body.usage?.prompt_tokens ?? 0, output: body.usage?.completion_tokens ?? 0 };
    return { text: body.choices?.[0]?.message?.content ?? "", model, latencyMs: now() - started, costUsd: price ? computeCost(usage, price).total : 0 };
  }
}

let override: PromptExecutor | null | undefined;

/** Tests and scripts may substitute an executor (e.g. one pointed at a local endpoint); undefined restores the configured one. */
export function setPromptExecutor(executor: PromptExecutor | null | undefined) {
  override = executor;
}

export function promptExecutor(): PromptExecutor | null {
  if (override !== undefined) return override;
  const e = env();
  if (!e.OPENAI_API_KEY) return null;
  return new OpenAiChatExecutor({ apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, defaultModel: e.PRISM_LLM_CHEAP_MODEL });
}

/** The chat messages for one item: an object input fills `{{variables}}` by key, any other input fills `{{input}}`. */
export function messagesFor(version: { type: "text" | "chat"; prompt: unknown }, input: unknown): ChatMessage[] {
  const variables = input && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : { input };
  if (version.type === "text") return [{ role: "user", content: compilePrompt(String(version.prompt), variables) }];
  return compilePrompt(version.prompt as ChatMessage[], variables);
}
