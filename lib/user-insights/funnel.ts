// Shapes funnel counts into the reply: per step the users, conversion from the start and from the previous step
// with Wilson score intervals (95 %), and the median seconds from the previous step.
import { estimateShare } from "@/lib/primitives/proportion";
import type { FunnelInput } from "./inputs";

export interface Conversion {
  rate: number | null;
  /** 95 % Wilson score interval; null when nobody reached the denominator step. */
  ci: [number, number] | null;
}

export interface FunnelStep {
  event: string;
  count: number;
  conversionFromStart: Conversion;
  conversionFromPrevious: Conversion;
  medianSecondsFromPrevious: number | null;
}

export interface FunnelReply {
  steps: FunnelStep[];
  breakdown?: { key: string; steps: FunnelStep[] }[];
}

function conversion(successes: number, n: number): Conversion {
  const e = estimateShare(successes, n);
  return e.share === null ? { rate: null, ci: null } : { rate: e.share, ci: [e.low!, e.high!] };
}

type Row = { key: string | null; step: number; users: number; medianSeconds: number | null };

function stepsOf(input: FunnelInput, rows: Row[]): FunnelStep[] {
  const at = (j: number) => rows.find((r) => r.step === j);
  const start = at(1)?.users ?? 0;
  return input.steps.map((s, i) => {
    const count = at(i + 1)?.users ?? 0;
    const previous = i === 0 ? count : (at(i)?.users ?? 0);
    return {
      event: s.event,
      count,
      conversionFromStart: conversion(count, start),
      conversionFromPrevious: conversion(count, previous),
      medianSecondsFromPrevious: i === 0 ? null : (at(i + 1)?.medianSeconds ?? null),
    };
  });
}

/** `overall` from the query without a breakdown; `byKey` from the same query with it. */
export function funnelReply(input: FunnelInput, overall: Row[], byKey?: Row[]): FunnelReply {
  const reply: FunnelReply = { steps: stepsOf(input, overall) };
  if (input.breakdown === undefined || !byKey) return reply;
  const keys = Array.isArray(input.breakdown) ? input.breakdown : [...new Set(byKey.map((r) => r.key ?? ""))].sort();
  reply.breakdown = keys.map((key) => ({ key, steps: stepsOf(input, byKey.filter((r) => (r.key ?? "") === key)) }));
  return reply;
}
