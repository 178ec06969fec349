// Users' requests for background work: a profile refresh after ingest, one run per project and minute (the key), so a
// busy project does not queue a run per batch; the cron pass picks up whatever arrived after that minute's run.
import type { Db } from "@/db/client";
import { USER_PROFILES_REQUESTED } from "@/lib/jobs/catalog";
import { sendJobEvent } from "@/lib/jobs/dispatch";

export { USER_PROFILES_REQUESTED };

export function profileRefreshKey(projectId: string, at: Date): string {
  return `user-profiles:${projectId}:${Math.floor(at.getTime() / 60_000)}`;
}

export async function requestProfileRefresh(db: Db, projectId: string, at = new Date()) {
  await sendJobEvent(db, USER_PROFILES_REQUESTED, { projectId }, { id: profileRefreshKey(projectId, at) });
}
