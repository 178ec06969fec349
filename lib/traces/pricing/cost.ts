// Cost maths. Client-sent costs are authoritative; we only compute a cost
// when the span did not carry one.

import type { ObservationRecord, ObservationType, Usage } from "../types";
import { DEFAULT_MODEL_PRICES } from "./default-prices";
import { matchModelPrice } from "./match";
import type { ModelPrice } from "./types";

export interface ComputedCost {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  total: number;
}

/**
 * USD cost of `usage` at `price`. Cached tokens are charged at the cache
 * rates; when the input count includes them (OpenAI/Google semantics, or the
 * usage says so), they are first taken out of the input so nothing is billed
 * twice.
 */
export function computeCost(usage: Usage, price: ModelPrice): ComputedCost {
  const inputTokens = usage.input ?? 0;
  const outputTokens = usage.output ?? 0;
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  let includesCache = usage.inputIncludesCache ?? price.inputIncludesCache;
  // An input smaller than its own cached part cannot include it: the client
  // reported provider-exclusive numbers, so do not subtract (never go negative).
  if (includesCache && inputTokens < cacheRead + cacheWrite) includesCache = false;
  const uncachedInput = includesCache ? inputTokens - cacheRead - cacheWrite : inputTokens;

  const input = uncachedInput * price.inputPerToken;
  const output = outputTokens * price.outputPerToken;
  const read = cacheRead * (price.cacheReadPerToken ?? price.inputPerToken);
  const write = cacheWrite * (price.cacheWritePerToken ?? price.inputPerToken);
  return { input, output, cacheRead: read, cacheWrite: write, total: input + output + read + write };
}

export interface PriceLists {
  defaults?: readonly ModelPrice[];
  /** Project prices; any match wins over the defaults. */
  overrides?: readonly ModelPrice[];
}

/**
 * Only model calls are priced. Wrapper spans (AI SDK ai.generateText, agent
 * spans) often repeat their children's aggregated usage; pricing them too
 * would double-count the trace's cost.
 */
const PRICED_TYPES: ReadonlySet<ObservationType> = new Set(["generation", "embedding"]);

/**
 * Fills `cost` on generation/embedding records that have usage and a model
 * but no client cost. Mutates the records (they are freshly mapped and not
 * shared) and returns how many were priced.
 */
export function applyComputedCosts(records: ObservationRecord[], lists: PriceLists = {}): number {
  const defaults = lists.defaults ?? DEFAULT_MODEL_PRICES;
  const overrides = lists.overrides ?? [];
  let priced = 0;
  for (const r of records) {
    if (r.cost !== null || r.usage === null || r.model === null || !PRICED_TYPES.has(r.type)) continue;
    const price = matchModelPrice(r.model, r.startTime, defaults, overrides);
    if (price === undefined) continue;
    r.cost = computeCost(r.usage, price);
    r.costSource = "computed";
    r.priceId = price.id;
    priced++;
  }
  return priced;
}
