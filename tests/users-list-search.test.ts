// The Users list's search on ids that share a prefix: whatever part of the search the trigram index is asked for
// (on PostgreSQL with pg_trgm, the part whose trigrams are rare, from the statistics ANALYZE keeps: 0080), the list
// is exactly the users whose id or email contains the search, case-insensitively, as ILIKE '%…%' finds them.
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { rowsOf } from "@/db/client";
import * as list from "@/app/api/v1/users/route";
import { endUserTrigramFrequencies } from "@/lib/users/store/search-trigrams";
import { selectiveSearchPart } from "@/lib/users/search-part";

const t = seededDatabase();
const USERS = 3000;
const user = (g: number) => ({ id: `user_${String(g).padStart(5, "0")}`, email: g % 3 === 0 ? `Person${g}@example.com` : null });
const ALL = Array.from({ length: USERS }, (_, i) => user(i + 1));

/** Every page of the list for a search, cursor to cursor. */
async function searchAll(search: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams({ search, limit: "100", ...(cursor ? { cursor } : {}) });
    const res = await call(list.GET, `/api/v1/users?${qs}`, { headers: bearer(t.org.apiKey.secretKey) });
    expect(res.status).toBe(200);
    found.push(...res.json.items.map((u: { userId: string }) => u.userId));
    cursor = res.json.nextCursor;
  } while (cursor);
  return found.sort();
}

beforeAll(async () => {
  await t.h.db.execute(sql`insert into end_users (project_id, user_id, email, first_seen_at, last_seen_at)
    select ${t.org.project.id}::uuid, 'user_' || lpad(g::text, 5, '0'), case when g % 3 = 0 then 'Person' || g || '@example.com' end,
      timestamptz '2026-01-01' + g * interval '1 minute', timestamptz '2026-11-01' + g * interval '1 minute'
    from generate_series(1, ${USERS}::int) g`);
  await t.h.db.execute(sql`analyze end_users`); // fills the trigram statistics, as autovacuum does
});

describe("GET /api/v1/users?search= on ids that share a prefix", () => {
  test("lists exactly the users whose id or email contains the search, in any case", async () => {
    for (const search of ["user_0012", "USER_00123", "0012", "ser_02", "user", "person12", "12@EXAMPLE", "_0299", "r_03000", "x%y", "user_1"]) {
      const needle = search.toLowerCase();
      const expected = ALL.filter((u) => u.id.includes(needle) || (u.email ?? "").toLowerCase().includes(needle)).map((u) => u.id);
      expect(await searchAll(search), search).toEqual(expected.sort());
    }
  });

  test("where pg_trgm keeps statistics, the index is asked for the search's rare digits, not the prefix every id holds", async () => {
    const [{ trgm }] = rowsOf<{ trgm: boolean }>(await t.h.db.execute(sql`select exists (select 1 from pg_extension where extname = 'pg_trgm') as trgm`));
    const frequencies = await endUserTrigramFrequencies(t.h.db);
    if (!trgm) return expect(frequencies.user_id.size).toBe(0); // PGlite: no trigram index, the search scans
    expect(frequencies.user_id.get("use")).toBe(1);
    const part = selectiveSearchPart("user_00123", frequencies.user_id);
    expect(part && "00123".includes(part) && part.length >= 3, String(part)).toBe(true);
  });
});
