// The one list of background-job events: every event name and the zod schema of its payload. Sending validates
// against it (lib/jobs/dispatch.ts); job definitions (inngest/functions/) take their payload types from it.
import { z } from "zod";

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 date");
const projectId = z.uuid();

/** Set by the cron schedule on the runs it starts (and kept when such a run is replayed as its job's event). */
const scheduled = { scheduledAt: iso.optional() };

export const HOUSEKEEPING_REQUESTED = "prism/housekeeping.requested";
export const EXPERIMENT_RESULTS_REQUESTED = "prism/experiment.results.requested";
export const SESSION_COMPLETED = "spectrum/session.completed";
export const SPECTRUM_WEEKLY_REQUESTED = "spectrum/weekly.requested";
export const SPECTRUM_MONTHLY_REQUESTED = "spectrum/monthly.requested";
export const SPECTRUM_USER_RECOMPUTE_REQUESTED = "spectrum/user.recompute.requested";
export const MONITORING_ROLLUPS_REQUESTED = "prism/monitoring.rollups.requested";
export const MONITORING_DETECTION_REQUESTED = "prism/monitoring.detection.requested";
export const MONITORING_DRIFT_REQUESTED = "prism/monitoring.drift.requested";
export const MONITORING_FORECASTS_REQUESTED = "prism/monitoring.forecasts.requested";
export const INGEST_MERGE_REQUESTED = "prism/ingest.merge.requested";
export const USER_PROFILES_REQUESTED = "prism/users.profiles.requested";
export const INSIGHTS_ROOT_CAUSE_REQUESTED = "prism/insights.root-cause.requested";
export const SENTIMENT_ANALYSIS_REQUESTED = "prism/sentiment.analysis.requested";
export const COHORTS_REFRESH_REQUESTED = "prism/cohorts.refresh.requested";
export const EVALUATION_RUN_REQUESTED = "prism/evaluation.run.requested";
export const PERSONALIZATION_TRAIN_REQUESTED = "prism/personalization.train.requested";
export const PERSONALIZATION_FEEDBACK_RETRY_REQUESTED = "prism/personalization.feedback-retry.requested";
export const PERSONA_WEIGHTS_REFIT_REQUESTED = "prism/personalization.persona-weights.requested";
export const FEATURES_MATERIALIZE_REQUESTED = "prism/personalization.features-materialize.requested";
export const FEATURES_PARITY_REQUESTED = "prism/personalization.features-parity.requested";
export const INSIGHTS_SUGGESTIONS_REQUESTED = "prism/insights.suggestions.requested";
export const INSIGHTS_CHURN_TRAIN_REQUESTED = "prism/insights.churn-train.requested";
export const EVALUATION_ONLINE_REQUESTED = "prism/evaluation.online.requested";
export const INSIGHTS_TOPICS_REQUESTED = "prism/insights.topics.requested";
export const WAREHOUSE_EXPORT_REQUESTED = "prism/warehouse.export.requested";
export const WAREHOUSE_VALIDATE_REQUESTED = "prism/warehouse.validate.requested";

/** Project-wide monitoring passes: one project, or every monitored project when `projectId` is absent. */
const monitoringPass = z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled });

const periodJob = z.object({
  /** Any instant inside the period; default: the period before `scheduledAt`/now (the one that just ended). */
  periodAnchor: iso.optional(),
  projectId: projectId.optional(),
  userId: z.string().min(1).optional(),
  /** A deliberate recomputation of a period that already ran (e.g. after a lexicon fix): part of the key. */
  rerun: z.string().min(1).optional(),
  ...scheduled,
});

export const jobEvents = {
  [HOUSEKEEPING_REQUESTED]: z.object({
    /** A manual run for one project (its retention only); absent: every project, plus ledger pruning. */
    projectId: projectId.optional(),
    requestedBy: z.string().optional(),
    now: iso.optional(),
    ...scheduled,
  }),
  [EXPERIMENT_RESULTS_REQUESTED]: z.object({
    /** With both: refresh that one experiment (on demand); without: every running experiment (the hourly run). */
    projectId: projectId.optional(),
    experimentId: z.uuid().optional(),
    now: iso.optional(),
    ...scheduled,
  }),
  [SESSION_COMPLETED]: z.object({
    projectId,
    sessionId: z.string().min(1),
    /** Set when turns arrived after the session was analysed. */
    turnCount: z.number().int().nonnegative().optional(),
  }),
  [SPECTRUM_WEEKLY_REQUESTED]: periodJob,
  [SPECTRUM_MONTHLY_REQUESTED]: periodJob,
  [SPECTRUM_USER_RECOMPUTE_REQUESTED]: z.object({
    projectId,
    userId: z.string().min(1),
    /** Recompute every week and month from here on (clamped to the user's own data when it runs). */
    from: iso,
    /** The control that asked (e.g. `exclusion-added:<id>`, `reset:<id>`): part of the idempotency key. */
    change: z.string().min(1),
  }),
  [MONITORING_ROLLUPS_REQUESTED]: monitoringPass.extend({
    /** With projectId + from + to: recompute that window (both granularities); otherwise the recent window. */
    from: iso.optional(),
    to: iso.optional(),
  }),
  [MONITORING_DETECTION_REQUESTED]: monitoringPass,
  [MONITORING_DRIFT_REQUESTED]: monitoringPass,
  [MONITORING_FORECASTS_REQUESTED]: monitoringPass,
  /** Move accepted trace batches from staging into the indexed tables (sent after acceptance; cron as safety net). */
  [INGEST_MERGE_REQUESTED]: z.object({ ...scheduled }),
  /** Recompute stale end-user preference profiles: one project (after its ingest), or every project (the cron). */
  [USER_PROFILES_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  /** The root cause of anomalies just stored by detection (each computed and stored with its anomaly). */
  [INSIGHTS_ROOT_CAUSE_REQUESTED]: z.object({ projectId, anomalyIds: z.array(z.uuid()).min(1).max(1000) }),
  /** Sentiment of new or changed traces: one project (requested after ingest), or every project (the cron pass). */
  [SENTIMENT_ANALYSIS_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  [COHORTS_REFRESH_REQUESTED]: z.object({
    /** With both: recompute that cohort now (after an edit); otherwise the stale cohorts of one or every project. */
    projectId: projectId.optional(),
    cohortId: z.uuid().optional(),
    now: iso.optional(),
    ...scheduled,
  }),
  /** Executes a dataset run's prompt version over its items (one run per run id). */
  [EVALUATION_RUN_REQUESTED]: z.object({ projectId, runId: z.uuid() }),
  /** Trains, evaluates and stores a recommendation model: one project, or every project with interactions (daily). */
  [PERSONALIZATION_TRAIN_REQUESTED]: z.object({ projectId: projectId.optional(), ...scheduled }),
  /** Retries dead-lettered interactions whose item may have arrived: one project, or every project (the cron pass). */
  [PERSONALIZATION_FEEDBACK_RETRY_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  /** Refits the persona suggestion weights from accepted suggestions: one project, or every project with feedback (weekly). */
  [PERSONA_WEIGHTS_REFIT_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  /** Computes the feature views' offline values and copies them online: one project, or every project with interactions (every 6 hours). */
  [FEATURES_MATERIALIZE_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  /** Compares the online feature values with the offline ones: one project, or every project with features (daily). */
  [FEATURES_PARITY_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  /** Runs the insight suggestion rules: one project (on demand), or every project (the daily pass). */
  [INSIGHTS_SUGGESTIONS_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), requestedBy: z.string().optional(), ...scheduled }),
  /** Trains and evaluates the churn model and scores active users: one project, or every project with end users (daily). */
  [INSIGHTS_CHURN_TRAIN_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  /** Online evaluation rules over new traces: one project (on demand), or every project with an enabled rule (each minute). */
  [EVALUATION_ONLINE_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  /** Clusters conversations into topics by their first user message: one project, or every project (the daily pass). */
  [INSIGHTS_TOPICS_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), ...scheduled }),
  /** Exports whole past days to the warm tier (Parquet): one project (on demand), or every warm-tier project (nightly). */
  [WAREHOUSE_EXPORT_REQUESTED]: z.object({ projectId: projectId.optional(), now: iso.optional(), force: z.boolean().optional(), ...scheduled }),
  /** Re-reads every warm/cold file and compares it with its manifest size and sha256: one project, or all (weekly). */
  [WAREHOUSE_VALIDATE_REQUESTED]: z.object({ projectId: projectId.optional(), ...scheduled }),
} as const;

export type JobEventName = keyof typeof jobEvents;
export type JobPayload<N extends JobEventName> = z.infer<(typeof jobEvents)[N]>;

/** Events an admin may send by hand (POST /api/v1/jobs/trigger names the job they start). */
export const manuallyTriggered: readonly JobEventName[] = [HOUSEKEEPING_REQUESTED];

export function isJobEventName(name: string): name is JobEventName {
  return Object.hasOwn(jobEvents, name);
}

/** Validates a payload against the catalog; a mismatch is a programming error, named with its field. */
export function parsePayload<N extends JobEventName>(name: N, data: unknown): JobPayload<N> {
  const parsed = jobEvents[name].safeParse(data);
  if (parsed.success) return parsed.data as JobPayload<N>;
  const issue = parsed.error.issues[0];
  throw new Error(`job event ${name}: payload.${issue.path.join(".")}: ${issue.message}`);
}

/**
 * The project a run works for: the payload's `projectId` (a per-project run), or null for instance-level runs
 * (cron fan-outs over every project), which no tenant sees. The one rule every ledger write goes through.
 */
export function projectOfPayload(data: Record<string, unknown>): string | null {
  const id = data.projectId;
  return typeof id === "string" && projectId.safeParse(id).success ? id : null;
}
