// Online evaluation's request for background work: a pass over one project's rules now (e.g. from the rules page).
import { EVALUATION_ONLINE_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";

export { EVALUATION_ONLINE_REQUESTED };
export type EvaluationOnlineEvent = JobPayload<typeof EVALUATION_ONLINE_REQUESTED>;
