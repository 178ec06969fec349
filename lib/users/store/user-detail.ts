// One end user as the Users API and page show them: traits and their history, activity counts, scores, experiments
// (with the plan each was exposed in), Spectrum status (health only: counts and dates, never the user's text), the
// stored preference profile and a recent activity timeline. Counts, scores and the timeline reach past hot retention
// (the warm tier's days through DuckDB, see user-totals.ts, user-scores.ts and user-timeline.ts).
import type { ChurnReason } from "@/lib/insights/churn/model";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { PreferenceProfile } from "../profile";
import { planAt } from "./plan-at";
import { loadProfileInputs, personaDimension } from "./profile-inputs";
import { userScores } from "./user-scores";
import { userTimeline } from "./user-timeline";

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

export async function userDetail(db: Db, projectId: string, userId: string, now = new Date()) {
  const q = async (query: ReturnType<typeof sql>) => rowsOf<Row>(await db.execute(query));
  const [user] = await q(sql`select * from end_users where project_id = ${projectId} and user_id = ${userId}`);
  if (!user) throw new AppError("not_found", `No end user ${userId}`);
  const [[inputs], history, scores, experiments, [spectrum], [profile], timeline, [churn]] = await Promise.all([
    loadProfileInputs(db, projectId, [userId], now, await personaDimension(db, projectId)),
    q(sql`select trait, old_value, new_value, valid_from from end_user_trait_changes
          where project_id = ${projectId} and user_id = ${userId} order by valid_from desc, recorded_at desc limit 100`),
    userScores(db, projectId, userId),
    q(sql`select e.key, e.name, e.status, x.variant_key, x.first_exposed_at,
            ${planAt(projectId, sql`x.user_id`, sql`x.first_exposed_at`, sql`${user.plan as string | null}::text`)} as plan_at_exposure
          from experiment_exposures x join experiments e on e.id = x.experiment_id
          where x.project_id = ${projectId} and x.user_id = ${userId} order by x.first_exposed_at desc`),
    q(sql`select
            (select count(*)::int from spectrum_sessions where project_id = ${projectId} and user_id = ${userId}) as sessions,
            (select max(started_at) from spectrum_sessions where project_id = ${projectId} and user_id = ${userId}) as last_session_at,
            (select count(*)::int from spectrum_period_aggregates where project_id = ${projectId} and user_id = ${userId}) as periods,
            (select count(*)::int from spectrum_insights where project_id = ${projectId} and user_id = ${userId}) as insights,
            (select max(created_at) from spectrum_insights where project_id = ${projectId} and user_id = ${userId}) as last_insight_at,
            exists (select 1 from memberships m join projects p on p.org_id = m.org_id
                    where p.id = ${projectId} and m.end_user_id = ${userId}) as linked`),
    q(sql`select computed_at, engagement_score, profile from end_user_profiles where project_id = ${projectId} and user_id = ${userId}`),
    userTimeline(db, projectId, userId, now),
    q(sql`select cs.risk, cs.reasons, m.trained_at from churn_scores cs join churn_models m on m.id = cs.model_id
          where cs.project_id = ${projectId} and cs.user_id = ${userId}`),
  ]);
  return {
    userId,
    traits: {
      plan: (user.plan as string | null) ?? null,
      signupAt: iso(user.signup_at),
      country: (user.country as string | null) ?? null,
      email: (user.email as string | null) ?? null,
      properties: (user.properties as Record<string, unknown>) ?? {},
    },
    traitHistory: history.map((h) => ({ trait: String(h.trait), oldValue: h.old_value ?? null, newValue: h.new_value ?? null, validFrom: iso(h.valid_from)! })),
    firstSeenAt: iso(user.first_seen_at),
    lastSeenAt: iso(user.last_seen_at),
    counts: { events: inputs.eventCount, sessions: inputs.sessionCount, traces: inputs.traceCount },
    costUsd: inputs.costUsd,
    scores,
    experiments: experiments.map((e) => ({
      key: String(e.key),
      name: String(e.name),
      status: String(e.status),
      variant: String(e.variant_key),
      firstExposedAt: iso(e.first_exposed_at)!,
      planAtExposure: String(e.plan_at_exposure),
    })),
    spectrum: {
      sessions: Number(spectrum.sessions),
      lastSessionAt: iso(spectrum.last_session_at),
      periodsAnalysed: Number(spectrum.periods),
      insights: Number(spectrum.insights),
      lastInsightAt: iso(spectrum.last_insight_at),
      linkedMember: Boolean(spectrum.linked),
    },
    /** The profile job's last result (null until it has run for this user). */
    profile: profile ? { computedAt: iso(profile.computed_at)!, engagementScore: Number(profile.engagement_score), ...(profile.profile as unknown as PreferenceProfile) } : null,
    /** The latest churn model's risk and reasons (null when it did not score this user, or no model exists). */
    churn: churn
      ? { risk: Number(churn.risk), trainedAt: iso(churn.trained_at)!, reasons: churn.reasons as ChurnReason[] }
      : null,
    timeline,
  };
}
export type UserDetail = Awaited<ReturnType<typeof userDetail>>;
