// The profile job's work for one project: recompute the stale profiles in chunks (each chunk an upsert, so a crash
// loses at most the chunk in flight and a re-run repeats nothing that matters).
import type { Db } from "@/db/client";
import { computeProfile } from "./profile";
import { loadProfileInputs, personaDimension } from "./store/profile-inputs";
import { staleProfileUsers, writeProfiles } from "./store/profiles";

export const PROFILE_CHUNK = 500;
/** Users per run and project; the next run (after ingest or the cron) continues. */
export const PROFILES_PER_RUN = 10_000;

export async function refreshProfileChunk(db: Db, projectId: string, now: Date): Promise<number> {
  const userIds = await staleProfileUsers(db, projectId, PROFILE_CHUNK);
  if (userIds.length === 0) return 0;
  const inputs = await loadProfileInputs(db, projectId, userIds, now, await personaDimension(db, projectId));
  await writeProfiles(db, projectId, inputs.map((i) => ({ inputs: i, profile: computeProfile(i, now) })));
  return userIds.length;
}
