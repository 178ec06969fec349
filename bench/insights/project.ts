// The root cause benches' scratch project: a fresh database with one project and 5,000 end users ('u0'..'u4999',
// plans free/pro/team and five countries by user number), the segments their injected changes hide in.
import { sql } from "drizzle-orm";
import { openScratchDb } from "../scratch-db";
import type { Db } from "@/db/client";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { saveDimensionKeys } from "@/lib/insights/store/settings";

export async function openRootCauseProject(name: string) {
  const h = await openScratchDb(name);
  const org = await ensureOrganization(h.db, "bench");
  const projectId = (await ensureProject(h.db, org.id, "bench")).id;
  await h.db.execute(sql`insert into end_users (project_id, user_id, plan, country, signup_at)
    select ${projectId}::uuid, 'u' || g, (array['free','pro','team'])[1 + g % 3], (array['US','DE','FR','JP','BR'])[1 + g % 5], timestamptz '2026-01-01' from generate_series(0, 4999) g`);
  return { h, db: h.db, p: projectId };
}

/** After loading: metadata key `tier` marked as a dimension, statistics refreshed; the 1-day current window from
 * `currentFrom` and the baseline from `start` to it. */
export async function rootCauseWindows(db: Db, projectId: string, start: Date, currentFrom: Date) {
  await saveDimensionKeys(db, projectId, ["tier"]);
  await db.execute(sql`analyze`);
  return { current: { from: currentFrom, to: new Date(currentFrom.getTime() + 86_400_000) }, baseline: { from: start, to: currentFrom } };
}
