// Stored insight suggestions: the job's upsert by key, the list, verdicts (audited) and the weekly share marked useful.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { insightSuggestionFeedback, insightSuggestions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import { reconcile, type SuggestionStatus, type Verdict } from "../suggestions/reconcile";
import type { Suggestion } from "../suggestions/types";

export type StoredSuggestion = typeof insightSuggestions.$inferSelect;

/** Applies one run's findings (see reconcile); returns how many rows were inserted, updated, re-opened, deactivated. */
export async function saveSuggestions(db: Db, projectId: string, found: readonly Suggestion[], now: Date) {
  return db.transaction(async (tx) => {
    const t = tx as Db;
    const stored = await t
      .select({ id: insightSuggestions.id, key: insightSuggestions.key, status: insightSuggestions.status, active: insightSuggestions.active, feedbackEvidence: insightSuggestions.feedbackEvidence })
      .from(insightSuggestions)
      .where(eq(insightSuggestions.projectId, projectId));
    const plan = reconcile(stored, found);
    const fields = (s: Suggestion) => ({ rule: s.rule, severity: s.severity, title: s.title, body: s.body, evidence: s.evidence, links: s.links, active: true, lastSeenAt: now });
    for (const s of plan.insert) {
      // A concurrent run may have inserted the key since the read: it then updates instead.
      await t
        .insert(insightSuggestions)
        .values({ projectId, key: s.key, ...fields(s), firstSeenAt: now })
        .onConflictDoUpdate({ target: [insightSuggestions.projectId, insightSuggestions.key], set: fields(s) });
    }
    for (const u of plan.update) {
      await t
        .update(insightSuggestions)
        .set({ ...fields(u.suggestion), ...(u.reopen ? { status: "open" as const, feedbackEvidence: null } : {}) })
        .where(and(eq(insightSuggestions.projectId, projectId), eq(insightSuggestions.id, u.id)));
    }
    if (plan.deactivate.length > 0) {
      await t
        .update(insightSuggestions)
        .set({ active: false })
        .where(and(eq(insightSuggestions.projectId, projectId), inArray(insightSuggestions.id, plan.deactivate)));
    }
    return { inserted: plan.insert.length, updated: plan.update.length, reopened: plan.update.filter((u) => u.reopen).length, deactivated: plan.deactivate.length };
  });
}

/** "current": what the latest run found and nobody closed (open or useful); a status: those, found now or before; "all". */
export type SuggestionFilter = "current" | "all" | SuggestionStatus;

const severityOrder = sql`case ${insightSuggestions.severity} when 'high' then 0 when 'medium' then 1 else 2 end`;

export async function listSuggestions(db: Db, projectId: string, filter: SuggestionFilter, limit = 100) {
  const where =
    filter === "current"
      ? and(eq(insightSuggestions.projectId, projectId), eq(insightSuggestions.active, true), inArray(insightSuggestions.status, ["open", "useful"]))
      : filter === "all"
        ? eq(insightSuggestions.projectId, projectId)
        : and(eq(insightSuggestions.projectId, projectId), eq(insightSuggestions.status, filter));
  const rows = await db.select().from(insightSuggestions).where(where).orderBy(asc(severityOrder), desc(insightSuggestions.lastSeenAt), asc(insightSuggestions.key)).limit(limit);
  return rows.map(({ projectId: _p, feedbackEvidence: _f, ...r }) => r);
}

/** Records a verdict (the evidence it was given on is kept, for re-opening) and its audit row, in one transaction. */
export async function giveSuggestionFeedback(db: Db, actor: ProjectActor, id: string, verdict: Verdict, now: Date) {
  return db.transaction(async (tx) => {
    const t = tx as Db;
    const [row] = await t
      .update(insightSuggestions)
      .set({ status: verdict, feedbackEvidence: sql`${insightSuggestions.evidence}`, feedbackAt: now })
      .where(and(eq(insightSuggestions.projectId, actor.projectId), eq(insightSuggestions.id, id)))
      .returning({ id: insightSuggestions.id, key: insightSuggestions.key, rule: insightSuggestions.rule, status: insightSuggestions.status });
    if (!row) throw new AppError("not_found", `No suggestion ${id}`);
    await t.insert(insightSuggestionFeedback).values({ projectId: actor.projectId, suggestionId: id, verdict, actorUserId: actor.userId, createdAt: now });
    await auditByActor(t, actor, { action: `insight_suggestion.${verdict}`, targetType: "insight_suggestion", targetId: id, details: { rule: row.rule, key: row.key } });
    return row;
  });
}

export interface WeeklyVerdicts {
  week: string;
  useful: number;
  notUseful: number;
  done: number;
}

/** Verdicts per ISO week (UTC) since `from`; a suggestion counts once a week, by its last verdict that week. */
export async function weeklyVerdicts(db: Db, projectId: string, from: Date): Promise<WeeklyVerdicts[]> {
  const rows = rowsOf<{ week: string; useful: number; not_useful: number; done: number }>(
    await db.execute(sql`
      with last as (
        select distinct on (suggestion_id, date_trunc('week', created_at at time zone 'UTC')) date_trunc('week', created_at at time zone 'UTC') as week, verdict
        from insight_suggestion_feedback where project_id = ${projectId} and created_at >= ${from.toISOString()}::timestamptz
        order by suggestion_id, date_trunc('week', created_at at time zone 'UTC'), created_at desc, id desc)
      select to_char(week, 'YYYY-MM-DD') as week, count(*) filter (where verdict = 'useful')::int as useful,
        count(*) filter (where verdict = 'not_useful')::int as not_useful, count(*) filter (where verdict = 'done')::int as done
      from last group by week order by week`),
  );
  return rows.map((r) => ({ week: r.week, useful: Number(r.useful), notUseful: Number(r.not_useful), done: Number(r.done) }));
}
