// What serving reads about one user, in one round trip: their factors in the served version and their history.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { InteractionRecord } from "../dataset";
import { floatsOf } from "./models";

export interface ServingUser {
  /** Null when the version does not know the user. */
  factors: Float32Array | null;
  /** The items the user interacted with, each interaction oldest first. */
  history: { itemId: string; type: InteractionRecord["type"]; value: number | null }[];
}

export async function loadServingUser(db: Db, projectId: string, modelId: string, userId: string): Promise<ServingUser> {
  const [row] = rowsOf<{ factors: Uint8Array | null; history: ServingUser["history"] | string }>(
    await db.execute(sql`
      select
        (select factors from personalization_user_factors where project_id = ${projectId} and model_id = ${modelId} and user_id = ${userId}) as factors,
        coalesce((select json_agg(json_build_object('itemId', item_id, 'type', type, 'value', value) order by occurred_at, id)
          from personalization_interactions where project_id = ${projectId} and user_id = ${userId}), '[]'::json) as history`),
  );
  return {
    factors: row.factors ? floatsOf(row.factors) : null,
    history: typeof row.history === "string" ? JSON.parse(row.history) : row.history,
  };
}
