import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { exampleTraces } from "@/lib/experiments/store/example-traces";
import { dailyResults, findExperiment, latestResults, listBreaches, listNotifications } from "@/lib/experiments/store/experiments";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { MetricStat } from "@/components/ui/metric-stat";
import { StatusBadge, runningTime } from "@/components/experiments/status-badge";
import { ExperimentControls } from "@/components/experiments/experiment-controls";
import { GuardrailTable, MetricResultCard } from "@/components/experiments/results-view";
import { AcknowledgeNotifications } from "@/components/experiments/acknowledge-notifications";
import { formatCount, formatUtcMinute } from "@/components/format";
import { formatPValue, signedPercent } from "@/lib/experiments/verdict";
import { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import { cohortBreakdown, withCohortBreakdown } from "@/lib/experiments/cohort-breakdown";
import type { Experiment } from "@/lib/experiments/store/experiments";
import type { ExperimentResultsSnapshot } from "@/lib/experiments/results-types";
import { CohortSelect } from "@/components/cohorts/cohort-select";
import { CleanGetForm } from "@/components/ui/clean-get-form";

export const metadata: Metadata = { title: "Experiment results" };

/**
 * The stored results with their goal metrics split by plan (default) or by a saved cohort chosen in the URL; a bad or
 * unready cohort falls back to the plan split with a message, never an error page.
 */
async function resultsSplit(db: Db, projectId: string, experiment: Experiment, snapshot: ExperimentResultsSnapshot, cohortParam: string | undefined) {
  const plan = { results: snapshot, cohortId: undefined, splitBy: undefined, problem: null };
  if (!cohortParam) return plan;
  if (!z.uuid().safeParse(cohortParam).success) return { ...plan, problem: "cohort: must be a cohort id; showing the plan split." };
  try {
    const breakdown = await cohortBreakdown(db, projectId, experiment, cohortParam);
    const asOf = breakdown.cohort.computedAt ? `, membership as of ${formatUtcMinute(breakdown.cohort.computedAt)}` : "";
    return { results: withCohortBreakdown(snapshot, breakdown), cohortId: cohortParam, splitBy: `saved cohort ${breakdown.cohort.name}${asOf}`, problem: null };
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "conflict")) return { ...plan, cohortId: cohortParam, problem: `${error.message}; showing the plan split.` };
    throw error;
  }
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default dashboardPage("experiments:read", async function ExperimentPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: SearchParams }, { principal }) {
  const { key } = await params;
  const sp = await searchParams;
  const cohortParam = Array.isArray(sp.cohort) ? sp.cohort[0] : sp.cohort;
  const db = await getDb();
  const experiment = await findExperiment(db, principal.projectId, key);
  if (!experiment) notFound();
  const [cached, breaches, notifications, traces, daily] = await Promise.all([
    latestResults(db, principal.projectId, experiment.id),
    listBreaches(db, principal.projectId, experiment.id, 10),
    listNotifications(db, principal.projectId, experiment.id, 10),
    experiment.status === "draft"
      ? Promise.resolve({} as Awaited<ReturnType<typeof exampleTraces>>)
      : exampleTraces(db, principal.projectId, experiment.id, experiment.variants.map((v) => v.key)),
    dailyResults(db, principal.projectId, experiment.id),
  ]);
  const cohorts = await listCohorts(db, principal.projectId);
  const split = cached ? await resultsSplit(db, principal.projectId, experiment, cached.snapshot, cohortParam) : null;
  const results = split?.results ?? null;
  const totalUsers = results?.exposures.reduce((s, e) => s + e.users, 0) ?? 0;
  return (
    <>
      <p className="small" style={{ margin: "0 0 0.5rem" }}><Link href="/experiments">← All experiments</Link></p>
      <PageHeader
        title={experiment.name}
        description={
          <>
            <StatusBadge status={experiment.status} /> <span className="mono">{experiment.key}</span> · running time{" "}
            {runningTime(experiment.startedAt, experiment.endedAt)}
            {experiment.stoppedReason ? ` · ${experiment.stoppedReason}` : ""}
          </>
        }
        actions={can(principal.role, "experiments:write") ? <ExperimentControls experimentKey={experiment.key} status={experiment.status} /> : null}
      />
      {results?.srm.flagged ? (
        <div className="alert alert-error" role="alert">
          Sample ratio mismatch (p {formatPValue(results.srm.pValue)}): the users per variant do not match the configured
          weights, so assignment or exposure logging is broken. Do not trust these results until it is fixed.
        </div>
      ) : null}
      {breaches.length > 0 ? (
        <div className="alert alert-error" role="alert">
          Guardrail breached: {breaches[0].metricKey} in {breaches[0].variantKey} ({signedPercent(breaches[0].lift)}, tolerated{" "}
          {signedPercent(breaches[0].threshold)}), first noticed {formatUtcMinute(breaches[breaches.length - 1].detectedAt)}
          {experiment.autoStop ? "; auto-stop is on (stops after two consecutive breached checks)." : "."}
        </div>
      ) : null}
      {notifications.length > 0 ? (
        <section className="card section" aria-label="Owner notifications">
          <h2>Owner notifications</h2>
          <ul style={{ margin: 0, paddingLeft: "1.2rem" }}>
            {notifications.map((n) => (
              <li key={n.id}>
                <span className={n.kind === "auto_stopped" ? "badge badge-danger" : "badge badge-warn"}>
                  {n.kind === "auto_stopped" ? "auto-stopped" : "guardrail breached"}
                </span>{" "}
                {n.message}{" "}
                <span className="muted small">
                  sent to {n.recipientEmail ?? "the owner (account removed)"} · {formatUtcMinute(n.createdAt)}
                  {n.acknowledgedAt ? " · read" : ""}
                </span>
              </li>
            ))}
          </ul>
          {notifications.some((n) => !n.acknowledgedAt) && can(principal.role, "experiments:write") ? (
            <AcknowledgeNotifications experimentKey={experiment.key} />
          ) : null}
        </section>
      ) : null}
      <div className="grid grid-4">
        <MetricStat
          metric="experiment_exposed_users"
          window={results ? `from the experiment's start to the stored results of ${formatUtcMinute(results.computedAt)}` : undefined}
          value={results ? formatCount(totalUsers) : "—"} hint={results ? results.exposures.map((e) => `${e.variantKey}: ${formatCount(e.users)}`).join(" · ") : "not computed yet"} />
        <MetricStat
          metric="experiment_multiple_exposures"
          window={results ? `as of the stored results of ${formatUtcMinute(results.computedAt)}` : undefined}
          value={results ? formatCount(results.multipleExposureUsers) : "—"}
        />
        <MetricStat
          metric="experiment_srm"
          window={results ? `as of the stored results of ${formatUtcMinute(results.computedAt)}` : undefined}
          value={results ? (results.srm.flagged ? "Mismatch" : "OK") : "—"} hint={results ? `SRM p ${formatPValue(results.srm.pValue)}` : undefined} />
        <MetricStat metric="experiment_engine" value={experiment.engine} hint={`α = ${experiment.alpha}, correction: ${experiment.correction}`} />
      </div>
      <section className="card section" aria-label="Design">
        <h2>Design</h2>
        {experiment.hypothesis ? <p>{experiment.hypothesis}</p> : null}
        <div className="table-wrap">
          <table>
            <thead><tr><th>Variant</th><th className="num">Weight</th><th>Parameters</th><th>Example traces</th></tr></thead>
            <tbody>
              {experiment.variants.map((v, i) => (
                <tr key={v.key}>
                  <td>{v.key}{i === 0 ? <span className="muted small"> (control)</span> : null}{v.name ? <div className="muted small">{v.name}</div> : null}</td>
                  <td className="num">{Math.round(v.weight * 100)}%</td>
                  <td className="mono">{JSON.stringify(v.parameters)}</td>
                  <td className="small">
                    {traces[v.key]?.length ? (
                      traces[v.key].map((t, k) => (
                        <span key={t.id}>
                          {k > 0 ? " · " : ""}
                          <Link href={`/traces/${encodeURIComponent(t.id)}`} title={`${t.name ?? "trace"} of user ${t.userId}, ${formatUtcMinute(t.timestamp)}`}>
                            {t.name ?? t.id.slice(0, 8)}
                          </Link>
                        </span>
                      ))
                    ) : (
                      <span className="muted">no traces from exposed users yet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">
          Coverage {Math.round(experiment.coverage * 100)}% · goal metrics: {experiment.goalMetrics.map((m) => m.name).join(", ")} · guardrails:{" "}
          {experiment.guardrails.length ? experiment.guardrails.map((g) => g.metric.name).join(", ") : "none"}
          {Object.keys(experiment.targeting).length ? ` · targeting ${JSON.stringify(experiment.targeting)}` : ""}
        </p>
      </section>
      {!results ? (
        <div className="section">
          <EmptyState title="No results yet">
            <p>
              {experiment.status === "draft"
                ? "Start the experiment; results are computed hourly from exposures and product events."
                : "Results are computed hourly by the results job; use Refresh results to compute them now."}
            </p>
          </EmptyState>
        </div>
      ) : (
        <div className="grid section">
          <p className="muted small" style={{ margin: 0 }}>
            Computed {formatUtcMinute(results.computedAt)} in {formatCount(results.durationMs)} ms. Each user counts once, with
            their events from first exposure through each metric&apos;s conversion window.
          </p>
          {cohorts.length > 0 ? (
            <CleanGetForm action={`/experiments/${encodeURIComponent(experiment.key)}`} className="form-row" aria-label="Break results down by cohort">
              <CohortSelect cohorts={cohorts} value={split?.cohortId} label="Break down by" blank="Plan at first exposure" />
              <button className="btn" type="submit">Apply</button>
            </CleanGetForm>
          ) : null}
          {split?.problem ? <div className="alert alert-error" role="alert">{split.problem}</div> : null}
          {results.metrics.filter((m) => m.role === "goal").map((m) => (
            <MetricResultCard
              key={m.metricKey}
              metric={m}
              snapshot={results}
              daily={daily.filter((d) => d.metricKey === m.metricKey)}
              splitBy={split?.splitBy}
            />
          ))}
          <section className="card" aria-label="Guardrails">
            <h2>Guardrails</h2>
            <GuardrailTable snapshot={results} />
          </section>
        </div>
      )}
    </>
  );
});
