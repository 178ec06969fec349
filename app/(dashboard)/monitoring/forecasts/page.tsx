import type { Metadata } from "next";
import { requirePermission } from "@/app/_server/page-auth";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/ui/access-denied";
import { ForecastChart } from "@/components/monitoring/forecast-chart";
import { qualityForecasts, storedQualityForecasts } from "@/lib/monitoring/store/forecasts";

export const metadata: Metadata = { title: "Forecasts" };
export const dynamic = "force-dynamic";

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const num = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "—");

export default async function ForecastsPage() {
  const access = await requirePermission("monitoring:read");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  const db = await getDb();
  const projectId = access.principal.projectId;
  // The daily monitoring-forecasts job stores them; before its first run for this project, fit them on request.
  const stored = await storedQualityForecasts(db, projectId);
  const items = stored?.items ?? (await qualityForecasts(db, projectId));
  return (
    <>
      <PageHeader
        title="Forecasts"
        description="Key quality metrics 7 and 30 days ahead with 80% and 95% prediction intervals, refitted daily from the daily rollups (model chosen per series by backtest)."
      />
      <p className="muted small" data-testid="forecast-provenance">
        {stored
          ? `Stored forecasts of ${stored.day.slice(0, 10)}, computed at ${items[0]?.computedAt?.replace("T", " ").slice(0, 16) ?? "—"} UTC by the daily monitoring-forecasts job (01:10 UTC).`
          : "No stored forecasts yet (the monitoring-forecasts job runs daily at 01:10 UTC): these were fitted just now, on request."}
      </p>
      <div className="grid">
        {items.map((item) => {
          const f = item.forecast;
          const day7 = f?.points[6];
          const day30 = f?.points[f.points.length - 1];
          return (
            <section key={item.metric} className="card monitoring-split" aria-label={`${item.label} forecast`}>
              <ForecastChart item={item} />
              <div>
                {!f ? (
                  <p className="muted">No forecast: {item.reason}</p>
                ) : (
                  <>
                    <h3>Forecast</h3>
                    <dl className="small">
                      <dt>Model</dt>
                      <dd>{f.model}</dd>
                      {day7 && (
                        <>
                          <dt>In 7 days</dt>
                          <dd>
                            {pct(day7.value)} (80%: {pct(day7.lower80)}–{pct(day7.upper80)}; 95%: {pct(day7.lower95)}–{pct(day7.upper95)})
                          </dd>
                        </>
                      )}
                      {day30 && (
                        <>
                          <dt>In 30 days</dt>
                          <dd>
                            {pct(day30.value)} (80%: {pct(day30.lower80)}–{pct(day30.upper80)}; 95%: {pct(day30.lower95)}–{pct(day30.upper95)})
                          </dd>
                        </>
                      )}
                    </dl>
                    <h3>Backtest</h3>
                    {f.backtest ? (
                      <table className="small">
                        <caption className="muted">
                          {f.backtest.folds} rolling origin(s), {f.backtest.horizon} days ahead
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col"></th>
                            <th scope="col">sMAPE</th>
                            <th scope="col">MASE</th>
                            <th scope="col">80% cov.</th>
                            <th scope="col">95% cov.</th>
                          </tr>
                        </thead>
                        <tbody>
                          {[
                            ["Model", f.backtest.model],
                            ["Seasonal naive", f.backtest.baseline],
                          ].map(([name, s]) => {
                            const scores = s as typeof f.backtest.model;
                            return (
                              <tr key={String(name)}>
                                <th scope="row">{String(name)}</th>
                                <td>{num(scores.smape)}</td>
                                <td>{num(scores.mase)}</td>
                                <td>{pct(scores.coverage80)}</td>
                                <td>{pct(scores.coverage95)}</td>
                              </tr>
                            );
                          })}
                        </tbody>
                      </table>
                    ) : (
                      <p className="muted small">History too short to hold out a backtest window.</p>
                    )}
                  </>
                )}
              </div>
            </section>
          );
        })}
      </div>
    </>
  );
}
