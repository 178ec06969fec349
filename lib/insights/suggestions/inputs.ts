// Reads everything the rules need for one project in one pass. Cohort return rates reuse the retention insight
// (lib/user-insights) with one-week windows: users active in week w form its first cohort, retained[1] came back in w+1.
import type { Db } from "@/db/client";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { retention } from "@/lib/user-insights/insights";
import { periodStart } from "@/lib/user-insights/retention";
import { errorSentimentRows, modelQualityRows, mostFrequentEvent, promptVersionRows, runningExperimentSnapshots } from "../store/suggestion-inputs";
import { latestTopicRun } from "../store/topics";
import { personasReport } from "../personas/personas";
import type { CohortReturnRow, PersonaFlagRow, SuggestionInputs, TopicTrendRow } from "./types";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Traces, scores and sentiment are read over the last 28 days. */
export const WINDOW_DAYS = 28;
/** Weeks pooled as the cohort return rate's baseline. */
export const BASELINE_WEEKS = 4;
/** Cohorts examined per run (the first by name) and per retention query (its breakdown's limit). */
const MAX_COHORTS = 50;
const PER_QUERY = 10;

export async function suggestionInputs(db: Db, projectId: string, now: Date): Promise<SuggestionInputs> {
  const w = { from: new Date(now.getTime() - WINDOW_DAYS * DAY), to: now };
  const [modelQuality, promptVersions, errorSentiment, experiments, cohortReturns] = [
    await modelQualityRows(db, projectId, w),
    await promptVersionRows(db, projectId, w),
    await errorSentimentRows(db, projectId, w),
    await runningExperimentSnapshots(db, projectId),
    await cohortReturnRows(db, projectId, now),
  ];
  return { projectId, now, windowDays: WINDOW_DAYS, modelQuality, promptVersions, errorSentiment, experiments, cohortReturns, topics: await topicTrendRows(db, projectId), personaFlags: await personaFlagRows(db, projectId, w) };
}

/** The persona report's flags over the window (flattened: one row per flagged persona and kind). */
export async function personaFlagRows(db: Db, projectId: string, w: { from: Date; to: Date }): Promise<PersonaFlagRow[]> {
  const report = await personasReport(db, projectId, w);
  return report.personas.flatMap((p) => p.flags.map((f) => ({ ...f, persona: p.persona, traces: p.traces, usageShare: p.usageShare, rated: p.satisfaction.n })));
}

/** The stored topics of the latest daily clustering (none before the first run). */
export async function topicTrendRows(db: Db, projectId: string): Promise<TopicTrendRow[]> {
  const stored = await latestTopicRun(db, projectId);
  if (!stored) return [];
  const computedAt = stored.run.computedAt.toISOString();
  return stored.topics.map((t) => ({ topic: t.topic, label: t.label, terms: t.terms, thisWeek: t.thisWeek, lastWeek: t.lastWeek, computedAt }));
}

/** Per saved cohort: the latest complete week pair (active in w, back in w+1) and the BASELINE_WEEKS pairs before it. */
export async function cohortReturnRows(db: Db, projectId: string, now: Date): Promise<CohortReturnRow[]> {
  const cohorts = (await listCohorts(db, projectId)).slice(0, MAX_COHORTS);
  if (cohorts.length === 0) return [];
  // w+1 must have ended: the latest pair is the two weeks before the current (partial) one.
  const recent = periodStart(now, "week").getTime() - 2 * WEEK;
  const event = await mostFrequentEvent(db, projectId, { from: new Date(recent - BASELINE_WEEKS * WEEK), to: new Date(recent + 2 * WEEK) });
  if (!event) return [];
  const totals = new Map<string, { recent: [number, number]; baseline: [number, number] }>(cohorts.map((c) => [c.id, { recent: [0, 0], baseline: [0, 0] }]));
  for (let i = 0; i < cohorts.length; i += PER_QUERY) {
    const ids = cohorts.slice(i, i + PER_QUERY).map((c) => c.id);
    for (let k = 0; k <= BASELINE_WEEKS; k++) {
      const from = new Date(recent - k * WEEK);
      const reply = await retention(db, projectId, { startEvent: event, returnEvent: event, period: "week", periods: 2, from, to: new Date(from.getTime() + 2 * WEEK), breakdown: ids });
      for (const b of reply.breakdown ?? []) {
        const first = b.cohorts[0];
        if (!first) continue;
        const t = totals.get(b.key)!;
        const slot = k === 0 ? t.recent : t.baseline;
        slot[0] += first.size;
        slot[1] += first.retained[1] ?? 0;
      }
    }
  }
  return cohorts.map((c) => {
    const t = totals.get(c.id)!;
    return {
      cohortId: c.id,
      cohortName: c.name,
      event,
      recentWeek: new Date(recent).toISOString(),
      recentActive: t.recent[0],
      recentReturned: t.recent[1],
      baselineActive: t.baseline[0],
      baselineReturned: t.baseline[1],
    };
  });
}
