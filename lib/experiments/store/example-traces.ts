/**
 * Example traces of a variant for TraceView: the most recent traces of users exposed to that variant only, from
 * their first exposure on. Walks traces newest first (traces_project_time_idx) and checks each user against the
 * exposures' unique index, so it stops after `limit` hits instead of joining every exposure; it looks at the project's
 * SCAN_LIMIT most recent traces at most, so a page view stays cheap when exposed users have no traces.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

const SCAN_LIMIT = 20_000;

export interface ExampleTrace {
  id: string;
  name: string | null;
  userId: string;
  timestamp: string;
}

export async function exampleTraces(
  db: Db,
  projectId: string,
  experimentId: string,
  variantKeys: string[],
  limit = 5,
): Promise<Record<string, ExampleTrace[]>> {
  const out: Record<string, ExampleTrace[]> = {};
  for (const variantKey of variantKeys) {
    const result = await db.execute(sql`
      select t.id, t.name, t.user_id, t.timestamp
      from (
        select id, name, user_id, timestamp from traces
        where project_id = ${projectId} and user_id is not null
        order by timestamp desc, id desc
        limit ${SCAN_LIMIT}
      ) t
      where exists (
          select 1 from experiment_exposures x
          where x.experiment_id = ${experimentId} and x.project_id = ${projectId} and x.user_id = t.user_id
            and x.variant_key = ${variantKey} and x.first_exposed_at <= t.timestamp)
        and not exists (
          select 1 from experiment_exposures y
          where y.experiment_id = ${experimentId} and y.project_id = ${projectId} and y.user_id = t.user_id
            and y.variant_key <> ${variantKey})
      order by t.timestamp desc, t.id desc
      limit ${limit}`);
    const rows = rowsOf<{ id: string; name: string | null; user_id: string; timestamp: string | Date }>(result);
    out[variantKey] = rows.map((r) => ({ id: r.id, name: r.name, userId: r.user_id, timestamp: new Date(r.timestamp).toISOString() }));
  }
  return out;
}
