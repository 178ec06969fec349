// Shipped default price list: public list prices in USD per MILLION tokens
// (converted to per token below), standard tier, short-context tier where a
// model has two. Projects override or extend it with their own list.
//
// Patterns tolerate provider prefixes ("openai/", "models/", Bedrock
// "us.anthropic.", Vertex "publishers/google/models/") and date/version
// suffixes ("-2024-08-06", "-20241022", "@20241022", Bedrock "-v1:0"), but
// never other suffixes, so "gpt-4o" cannot price "gpt-4o-mini", fine-tuned
// "ft:gpt-4o:…" models or OpenRouter ":free" variants.

import { perMillion, type ModelPrice } from "./types";

const PREFIX = "^(?:.*[/:.])?";
/** -2024-08-06, -20241022, @20241022, then Bedrock's -v1:0. */
const DATED = "(?:[-@]\\d{4}-?\\d{2}-?\\d{2})?(?:-v\\d+(?::\\d+)?)?";
/**
 * DATED without the exact suffix "-2024-05-13" (priced apart). Patterns run on RE2 (lib/patterns/safe-pattern), which
 * has no lookahead, so the exclusion is spelled out: other separators, or a year/month/day that differs.
 */
const DATED_EXCEPT_2024_05_13 =
  "(?:@\\d{4}-?\\d{2}-?\\d{2}|-\\d{8}|-\\d{6}-\\d{2}|-\\d{4}-\\d{4}" +
  "|-(?:[013-9]\\d{3}|2[1-9]\\d{2}|20[013-9]\\d|202[0-35-9])-\\d{2}-\\d{2}" +
  "|-2024-(?:0[0-46-9]|[1-9]\\d)-\\d{2}|-2024-05-(?:[02-9]\\d|1[0-24-9]))?(?:-v\\d+(?::\\d+)?)?";
/** Google: -001 revisions and -latest aliases. */
const REVISION = "(?:-\\d{3}|-latest)?";

/** [input, output, cacheRead?, cacheWrite?] per million tokens. */
type Rates = readonly [number, number, number?, number?];

function entry(
  id: string,
  provider: string,
  core: string,
  rates: Rates,
  effectiveFrom: string,
  suffix: string,
  inputIncludesCache: boolean,
): ModelPrice {
  const p: ModelPrice = {
    id,
    provider,
    modelPattern: `${PREFIX}${core}${suffix}$`,
    inputPerToken: perMillion(rates[0]),
    outputPerToken: perMillion(rates[1]),
    inputIncludesCache,
    effectiveFrom,
  };
  if (rates[2] !== undefined) p.cacheReadPerToken = perMillion(rates[2]);
  if (rates[3] !== undefined) p.cacheWritePerToken = perMillion(rates[3]);
  return p;
}

// OpenAI and Google count cached tokens inside the reported input tokens.
const openai = (id: string, core: string, rates: Rates, from: string, suffix = DATED) =>
  entry(`openai/${id}`, "openai", core, rates, from, suffix, true);
const google = (id: string, core: string, rates: Rates, from: string, suffix = REVISION) =>
  entry(`google/${id}`, "google", core, rates, from, suffix, true);
// Anthropic reports cache reads/writes separately from input_tokens.
// Cache write = 5-minute TTL rate (1.25× input); read = 0.1× input.
const anthropic = (id: string, core: string, rates: Rates, from: string) =>
  entry(`anthropic/${id}`, "anthropic", core, rates, from, DATED, false);
const mistral = (id: string, core: string, rates: Rates, from: string, suffix: string) =>
  entry(`mistral/${id}`, "mistral", core, rates, from, suffix, true);
const hosted = (provider: string, id: string, core: string, rates: Rates, from: string) =>
  entry(`${provider}/${id}`, provider, core, rates, from, "", true);

export const DEFAULT_MODEL_PRICES: readonly ModelPrice[] = [
  // ---- OpenAI ------------------------------------------------------------
  // The first gpt-4o snapshot kept its launch price when the alias moved on.
  openai("gpt-4o-2024-05-13", "gpt-4o-2024-05-13", [5, 15], "2024-05-13", ""),
  openai("gpt-4o", "gpt-4o", [2.5, 10, 1.25], "2024-05-13", DATED_EXCEPT_2024_05_13),
  openai("gpt-4o-mini", "gpt-4o-mini", [0.15, 0.6, 0.075], "2024-07-18"),
  openai("gpt-4.1", "gpt-4\\.1", [2, 8, 0.5], "2025-04-14"),
  openai("gpt-4.1-mini", "gpt-4\\.1-mini", [0.4, 1.6, 0.1], "2025-04-14"),
  openai("gpt-4.1-nano", "gpt-4\\.1-nano", [0.1, 0.4, 0.025], "2025-04-14"),
  openai("gpt-4-turbo", "gpt-4-turbo(?:-preview)?", [10, 30], "2024-04-09"),
  openai("gpt-4", "gpt-4(?:-0613)?", [30, 60], "2023-03-14", ""),
  openai("gpt-3.5-turbo", "gpt-3\\.5-turbo(?:-0125)?", [0.5, 1.5], "2024-01-25", ""),
  openai("o1", "o1", [15, 60, 7.5], "2024-12-17"),
  openai("o3-mini", "o3-mini", [1.1, 4.4, 0.55], "2025-01-31"),
  // o3 launched at 10/40 and was cut by 80% on 2025-06-10.
  openai("o3", "o3", [10, 40, 2.5], "2025-04-16"),
  openai("o3", "o3", [2, 8, 0.5], "2025-06-10"),
  openai("o4-mini", "o4-mini", [1.1, 4.4, 0.275], "2025-04-16"),
  openai("gpt-5", "gpt-5(?:-chat-latest)?", [1.25, 10, 0.125], "2025-08-07"),
  openai("gpt-5-mini", "gpt-5-mini", [0.25, 2, 0.025], "2025-08-07"),
  openai("gpt-5-nano", "gpt-5-nano", [0.05, 0.4, 0.005], "2025-08-07"),
  openai("text-embedding-3-small", "text-embedding-3-small", [0.02, 0], "2024-01-25", ""),
  openai("text-embedding-3-large", "text-embedding-3-large", [0.13, 0], "2024-01-25", ""),
  openai("text-embedding-ada-002", "text-embedding-ada-002", [0.1, 0], "2022-12-15", ""),

  // ---- Anthropic ---------------------------------------------------------
  // OpenRouter spells versions with dots ("claude-3.5-sonnet"), hence [-.].
  anthropic("claude-3-haiku", "claude-3-haiku", [0.25, 1.25, 0.03, 0.3], "2024-03-07"),
  anthropic("claude-3-opus", "claude-3-opus(?:-latest)?", [15, 75, 1.5, 18.75], "2024-02-29"),
  anthropic("claude-3.5-sonnet", "claude-3[-.]5-sonnet(?:-v2|-latest)?", [3, 15, 0.3, 3.75], "2024-06-20"),
  anthropic("claude-3.5-haiku", "claude-3[-.]5-haiku(?:-latest)?", [0.8, 4, 0.08, 1], "2024-10-22"),
  anthropic("claude-3.7-sonnet", "claude-3[-.]7-sonnet(?:-latest)?", [3, 15, 0.3, 3.75], "2025-02-24"),
  anthropic("claude-sonnet-4", "claude-(?:sonnet-4|4-sonnet)(?:-0)?", [3, 15, 0.3, 3.75], "2025-05-22"),
  anthropic("claude-opus-4", "claude-(?:opus-4|4-opus)(?:-0)?", [15, 75, 1.5, 18.75], "2025-05-22"),
  anthropic("claude-opus-4.1", "claude-opus-4[-.]1", [15, 75, 1.5, 18.75], "2025-08-05"),
  anthropic("claude-sonnet-4.5", "claude-sonnet-4[-.]5", [3, 15, 0.3, 3.75], "2025-09-29"),
  anthropic("claude-haiku-4.5", "claude-haiku-4[-.]5", [1, 5, 0.1, 1.25], "2025-10-15"),
  anthropic("claude-opus-4.5", "claude-opus-4[-.]5", [5, 25, 0.5, 6.25], "2025-11-24"),

  // ---- Google (≤128k / ≤200k prompt tier) ---------------------------------
  google("gemini-1.5-pro", "gemini-1\\.5-pro", [3.5, 10.5, 0.875], "2024-05-14"),
  google("gemini-1.5-pro", "gemini-1\\.5-pro", [1.25, 5, 0.3125], "2024-10-01"),
  google("gemini-1.5-flash", "gemini-1\\.5-flash", [0.35, 1.05, 0.0875], "2024-05-14"),
  google("gemini-1.5-flash", "gemini-1\\.5-flash", [0.075, 0.3, 0.01875], "2024-08-12"),
  google("gemini-1.5-flash-8b", "gemini-1\\.5-flash-8b", [0.0375, 0.15, 0.01], "2024-10-03"),
  google("gemini-2.0-flash", "gemini-2\\.0-flash", [0.1, 0.4, 0.025], "2025-02-05"),
  google("gemini-2.0-flash-lite", "gemini-2\\.0-flash-lite", [0.075, 0.3], "2025-02-25"),
  // 2.5 cache rates changed with implicit caching; cached tokens are charged
  // at the input rate (an upper bound) until a project overrides them.
  google("gemini-2.5-pro", "gemini-2\\.5-pro", [1.25, 10], "2025-03-25"),
  google("gemini-2.5-flash", "gemini-2\\.5-flash", [0.3, 2.5], "2025-06-17"),
  google("gemini-2.5-flash-lite", "gemini-2\\.5-flash-lite", [0.1, 0.4], "2025-06-17"),
  google("gemini-embedding-001", "gemini-embedding-001", [0.15, 0], "2025-07-14", ""),

  // ---- Mistral (only snapshots whose price is known; "-latest" of large
  // moved to a differently priced model) -----------------------------------
  mistral("mistral-large", "mistral-large", [2, 6], "2024-07-24", "(?:-2407|-2411)?"),
  mistral("mistral-medium-3", "mistral-medium", [0.4, 2], "2025-05-07", "(?:-2505|-2508|-latest)?"),
  mistral("mistral-small-3", "mistral-small", [0.1, 0.3], "2025-01-30", "(?:-2501|-2503|-2506|-latest)?"),
  mistral("mistral-nemo", "(?:open-)?mistral-nemo", [0.15, 0.15], "2024-07-18", "(?:-2407|-latest)?"),
  mistral("codestral", "codestral", [0.3, 0.9], "2025-01-13", "(?:-2501|-latest)?"),
  mistral("ministral-8b", "ministral-8b", [0.1, 0.1], "2024-10-16", "(?:-2410|-latest)?"),
  mistral("ministral-3b", "ministral-3b", [0.04, 0.04], "2024-10-16", "(?:-2410|-latest)?"),
  mistral("mistral-embed", "mistral-embed", [0.1, 0], "2023-12-11", ""),

  // ---- Meta Llama on common hosts (ids are host-specific) -----------------
  hosted("groq", "llama-3.3-70b-versatile", "llama-3\\.3-70b-versatile", [0.59, 0.79], "2024-12-06"),
  hosted("groq", "llama-3.1-8b-instant", "llama-3\\.1-8b-instant", [0.05, 0.08], "2024-07-23"),
  hosted("together", "llama-3-70b-instruct-turbo", "(?:meta-)?llama-3\\.[13]-70b-instruct-turbo", [0.88, 0.88], "2024-07-23"),
  hosted("together", "llama-3.1-8b-instruct-turbo", "(?:meta-)?llama-3\\.1-8b-instruct-turbo", [0.18, 0.18], "2024-07-23"),
  hosted("together", "llama-3.1-405b-instruct-turbo", "(?:meta-)?llama-3\\.1-405b-instruct-turbo", [3.5, 3.5], "2024-07-23"),
];
