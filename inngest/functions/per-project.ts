// What the scheduled job files share: the run's `now`, and the fan-out over one project or every monitored one.
import type { Db } from "@/db/client";
import type { StepTools } from "@/lib/jobs/define";
import { monitoredProjects } from "@/lib/monitoring/store/recompute-rollups";

/** The instant a run works for: an explicit `now` (on-demand runs, tests), else the cron's scheduled time, else now. */
export function jobNow(data: { now?: string; scheduledAt?: string }): Date {
  return new Date(data.now ?? data.scheduledAt ?? new Date().toISOString());
}

/**
 * Runs `perProject` for the event's project, or for every monitored project (listed in its own step, so a retry sees
 * the same list). Each call makes its own steps, so a retry after one project failed does not redo the others.
 */
export async function forEachProject<R>(
  db: Db,
  step: StepTools,
  projectId: string | undefined,
  perProject: (projectId: string) => Promise<R>,
): Promise<R[]> {
  const projects = projectId ? [projectId] : await step.run("list-projects", () => monitoredProjects(db));
  const results: R[] = [];
  for (const id of projects) results.push(await perProject(id));
  return results;
}
