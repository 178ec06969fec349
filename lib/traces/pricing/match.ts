// Model → price matching. Patterns are compiled once, and the candidates for
// each distinct model string are cached per price list (keep passing the same
// array instance), so the per-span cost is a map lookup plus a short scan
// over effective dates.

import { compileSafePattern, type SafePattern } from "@/lib/patterns/safe-pattern";
import { DEFAULT_MODEL_PRICES } from "./default-prices";
import type { ModelPrice } from "./types";

interface CompiledPrice {
  price: ModelPrice;
  regex: SafePattern | null; // null: the pattern did not compile (never matches)
  from: number;
}

interface CompiledList {
  entries: CompiledPrice[];
  /** model → matching entries sorted by effectiveFrom, newest first. */
  byModel: Map<string, CompiledPrice[]>;
}

// Bounds the per-list model cache; model strings are client-controlled.
const MAX_CACHED_MODELS = 5_000;

const compiledLists = new WeakMap<readonly ModelPrice[], CompiledList>();
// Pattern cache shared by all lists, so a project's override list reloaded
// as a new array does not recompile its regexes.
const MAX_CACHED_PATTERNS = 10_000;
const regexByPattern = new Map<string, SafePattern | null>();

function compilePattern(pattern: string): SafePattern | null {
  let regex = regexByPattern.get(pattern);
  if (regex !== undefined) return regex;
  try {
    regex = compileSafePattern(pattern, "i");
  } catch {
    regex = null;
  }
  if (regexByPattern.size >= MAX_CACHED_PATTERNS) regexByPattern.clear();
  regexByPattern.set(pattern, regex);
  return regex;
}

function compile(prices: readonly ModelPrice[]): CompiledList {
  let list = compiledLists.get(prices);
  if (list !== undefined) return list;
  const entries: CompiledPrice[] = [];
  for (let i = 0; i < prices.length; i++) {
    const price = prices[i];
    const regex = compilePattern(price.modelPattern);
    const from = Date.parse(price.effectiveFrom);
    entries.push({ price, regex, from: Number.isNaN(from) ? Infinity : from });
  }
  list = { entries, byModel: new Map() };
  compiledLists.set(prices, list);
  return list;
}

function candidates(list: CompiledList, model: string): CompiledPrice[] {
  let found = list.byModel.get(model);
  if (found !== undefined) return found;
  found = [];
  for (const e of list.entries) if (e.regex !== null && e.regex.test(model)) found.push(e);
  // Stable sort keeps list order for equal dates: earlier entries win ties.
  found.sort((a, b) => b.from - a.from);
  if (list.byModel.size >= MAX_CACHED_MODELS) list.byModel.clear();
  list.byModel.set(model, found);
  return found;
}

function latestEffective(list: CompiledList, model: string, at: number): ModelPrice | undefined {
  const found = candidates(list, model);
  for (let i = 0; i < found.length; i++) if (found[i].from <= at) return found[i].price;
  return undefined;
}

/**
 * The price for `model` at time `at`: among entries whose pattern matches,
 * the one with the latest effectiveFrom ≤ at. Any matching project override
 * wins over every default, even an older override.
 */
export function matchModelPrice(
  model: string | null | undefined,
  at: Date,
  prices: readonly ModelPrice[] = DEFAULT_MODEL_PRICES,
  overrides: readonly ModelPrice[] = [],
): ModelPrice | undefined {
  if (model == null) return undefined;
  const name = model.trim();
  if (name.length === 0) return undefined;
  const time = at.getTime();
  if (overrides.length > 0) {
    const own = latestEffective(compile(overrides), name, time);
    if (own !== undefined) return own;
  }
  return latestEffective(compile(prices), name, time);
}
