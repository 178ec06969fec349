// What serving reads about one user, in one round trip: their factors in the served version and their history. The
// reads of concurrent calls go together as one statement (lib/cache/batched-calls.ts): under 50 requests in flight
// the driver's per-statement work (building, sending, parsing the reply) is paid a few times per round, not 50.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { batchedCalls } from "@/lib/cache/batched-calls";
import type { InteractionRecord } from "../dataset";
import { floatsOf } from "./models";

export interface ServingUser {
  /** Null when the version does not know the user. */
  factors: Float32Array | null;
  /** The items the user interacted with, each interaction oldest first. */
  history: { itemId: string; type: InteractionRecord["type"]; value: number | null }[];
}

interface ServingUserKey {
  projectId: string;
  modelId: string;
  userId: string;
}

/** The users' factors and histories, one per key in order: a constant statement with one JSON parameter. */
export async function loadServingUsers(db: Db, keys: readonly ServingUserKey[]): Promise<ServingUser[]> {
  const records = keys.map((key, k) => ({ k, project_id: key.projectId, model_id: key.modelId, user_id: key.userId }));
  const rows = rowsOf<{ k: number; factors: Uint8Array | null; history: ServingUser["history"] | string }>(
    await db.execute(sql`
      select r.k,
        (select f.factors from personalization_user_factors f
          where f.project_id = r.project_id and f.model_id = r.model_id and f.user_id = r.user_id) as factors,
        coalesce((select json_agg(json_build_object('itemId', i.item_id, 'type', i.type, 'value', i.value) order by i.occurred_at, i.id)
          from personalization_interactions i where i.project_id = r.project_id and i.user_id = r.user_id), '[]'::json) as history
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(k integer, project_id uuid, model_id uuid, user_id text)`),
  );
  const users = new Array<ServingUser>(keys.length);
  for (const row of rows) {
    users[Number(row.k)] = {
      factors: row.factors ? floatsOf(row.factors) : null,
      history: typeof row.history === "string" ? JSON.parse(row.history) : row.history,
    };
  }
  return users;
}

const batchedLoad = batchedCalls(loadServingUsers);

/** One user's factors and history; calls in flight at the same time on `db` share a statement. */
export function loadServingUser(db: Db, projectId: string, modelId: string, userId: string): Promise<ServingUser> {
  return batchedLoad(db, { projectId, modelId, userId });
}
