// Keyset paging for the tiers' reads of hot tables: fetch pages after the last row's key until one comes back short,
// so memory stays flat whatever a day's size.

/** Yields each non-empty page of `fetch(after)` until a page holds fewer than `limit` rows. */
export async function* keysetPages<T, K>(fetch: (after: K | null) => Promise<{ rows: T[]; next: K | null }>, limit: number): AsyncGenerator<T[]> {
  let after: K | null = null;
  for (;;) {
    const page = await fetch(after);
    if (page.rows.length) yield page.rows;
    if (page.rows.length < limit) return;
    after = page.next;
  }
}
