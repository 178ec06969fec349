// The shape every suggestion rule returns, and the aggregated inputs the job reads for them (one read per run).
import type { PersonaFlag } from "../personas/types";

export type SuggestionSeverity = "low" | "medium" | "high";
export const SUGGESTION_SEVERITIES = ["low", "medium", "high"] as const satisfies readonly SuggestionSeverity[];

export type Evidence = Record<string, number | string | null>;

export interface Suggestion {
  rule: string;
  /** Stable across runs for the same finding (e.g. rule + trace name + models): the upsert key. */
  key: string;
  severity: SuggestionSeverity;
  title: string;
  body: string;
  /** The numbers behind it, straight from the data. */
  evidence: Evidence;
  /** Evidence fields whose change re-opens a suggestion already marked done or not useful (see materiallyChanged). */
  material: string[];
  links: { label: string; href: string }[];
}

/** Per trace name × model × score name: traces, their mean cost and the score's mean and variance (per trace). */
export interface ModelQualityRow {
  traceName: string;
  model: string;
  scoreName: string;
  traces: number;
  meanCost: number;
  scored: number;
  scoreMean: number;
  scoreVariance: number;
}

/** Per trace name × prompt version × score name, with when the version was first seen. */
export interface PromptVersionRow {
  traceName: string;
  version: string;
  scoreName: string;
  firstSeen: string;
  n: number;
  mean: number;
  variance: number;
}

/** Per observation name: traces whose sentiment (or the next trace's in the session) was negative, after it failed vs after it ran fine. */
export interface ErrorSentimentRow {
  observationName: string;
  failedTraces: number;
  failedNegative: number;
  okTraces: number;
  okNegative: number;
}

/** Week-over-week return of a saved cohort's active users: the latest week and the weeks before it, pooled. */
export interface CohortReturnRow {
  cohortId: string;
  cohortName: string;
  event: string;
  recentWeek: string;
  recentActive: number;
  recentReturned: number;
  baselineActive: number;
  baselineReturned: number;
}

/** A stored conversation topic (lib/insights/topics): conversations started in the last 7 days and the 7 before. */
export interface TopicTrendRow {
  topic: number;
  label: string;
  terms: string[];
  thisWeek: number;
  lastWeek: number;
  /** When the clustering ran (its weeks end there). */
  computedAt: string;
}

export interface SuggestionInputs {
  projectId: string;
  now: Date;
  windowDays: number;
  modelQuality: ModelQualityRow[];
  promptVersions: PromptVersionRow[];
  errorSentiment: ErrorSentimentRow[];
  cohortReturns: CohortReturnRow[];
  experiments: ExperimentSnapshotRow[];
  topics: TopicTrendRow[];
  /** The persona report's flags over the window (lib/insights/personas), one row per flag. */
  personaFlags: PersonaFlagRow[];
}

export interface PersonaFlagRow extends PersonaFlag {
  persona: string;
  traces: number;
  usageShare: number;
  rated: number;
}

/** A running experiment's stored results (computed by lib/experiments; read, never recomputed). */
export interface ExperimentSnapshotRow {
  id: string;
  key: string;
  name: string;
  snapshot: import("@/lib/experiments/results-types").ExperimentResultsSnapshot;
}

export type SuggestionRule = (inputs: SuggestionInputs) => Suggestion[];
