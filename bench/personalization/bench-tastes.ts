// The generated tastes the personalization training benches share: sizes from BENCH_RECS_USERS / _ITEMS / _PER_USER /
// _FACTORS (default 20k users × 4k items × 25 interactions each, 64 factors), 20 topics over 90 days, seed 1.
import { generateTasteData } from "@/lib/personalization/synthetic";

export const BENCH_SIZES = {
  users: Number(process.env.BENCH_RECS_USERS ?? 20_000),
  items: Number(process.env.BENCH_RECS_ITEMS ?? 4_000),
  perUser: Number(process.env.BENCH_RECS_PER_USER ?? 25),
  factors: Number(process.env.BENCH_RECS_FACTORS ?? 64),
};

export function generateBenchTastes() {
  const s = BENCH_SIZES;
  return generateTasteData({ users: s.users, items: s.items, topics: 20, interactionsPerUser: s.perUser, seed: 1, end: Date.UTC(2026, 10, 30), days: 90 });
}
