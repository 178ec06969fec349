// The Jobs page's queries: keys scoped by project, fetchers typed from the server functions behind /api/v1/jobs.
import type { listRuns } from "@/lib/jobs/ledger";
import type { jobStats, listDeadLetters } from "@/lib/jobs/stats";
import type { ingestPipelineStatus } from "@/lib/traces/ingest/pipeline";
import { apiFetch, type Reply } from "@/components/ui/api";

export type JobsReply = {
  mode: string;
  runs: Reply<typeof listRuns>;
  deadLetters: Reply<typeof listDeadLetters>;
  ingest: Reply<typeof ingestPipelineStatus>;
} & Reply<typeof jobStats>;
export type JobRunView = JobsReply["runs"][number];

export const jobKeys = {
  all: (projectId: string) => ["project", projectId, "jobs"] as const,
};

export const jobsApi = {
  overview: () => apiFetch<JobsReply>("/api/v1/jobs"),
  replay: (runId: string) => apiFetch(`/api/v1/jobs/${runId}/replay`, { method: "POST" }),
  trigger: (job: string) => apiFetch("/api/v1/jobs/trigger", { method: "POST", body: { job } }),
};
