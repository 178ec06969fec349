// The frequent trigrams of end users' ids and emails, from the extended statistics ANALYZE keeps on them (0080, where
// pg_trgm exists; none elsewhere, nor before the first ANALYZE).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { TrigramFrequencies } from "@/lib/users/search-part";

export const SEARCHED_COLUMNS = ["user_id", "email"] as const;
export type SearchedColumn = (typeof SEARCHED_COLUMNS)[number];

export async function endUserTrigramFrequencies(db: Db): Promise<Record<SearchedColumn, TrigramFrequencies>> {
  const rows = rowsOf<{ name: string; elems: string[] | null; freqs: number[] | null }>(
    await db.execute(sql`select statistics_name as name, most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs
      from pg_stats_ext_exprs where tablename = 'end_users' and statistics_name in ('end_users_user_id_trigrams', 'end_users_email_trigrams')`),
  );
  const of = (column: SearchedColumn): TrigramFrequencies => {
    const row = rows.find((r) => r.name === `end_users_${column}_trigrams`);
    return new Map((row?.elems ?? []).map((trigram, i) => [trigram, Number(row!.freqs![i])]));
  };
  return { user_id: of("user_id"), email: of("email") };
}
