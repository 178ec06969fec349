// What ingestion tells the users domain after a batch: who was seen when (first/last seen, users created on first
// sight), and that their profiles are due for a refresh.
import type { Db } from "@/db/client";
import type { Sightings } from "./sightings";
import { recordSightings } from "./store/sightings";
import { requestProfileRefresh } from "./jobs";

export async function recordUserActivity(db: Db, projectId: string, seen: Sightings) {
  if (seen.size === 0) return;
  await recordSightings(db, projectId, seen);
  await requestProfileRefresh(db, projectId);
}
