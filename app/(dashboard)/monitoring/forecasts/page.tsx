import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { ForecastChart } from "@/components/monitoring/forecast-chart";
import { formatDay, formatPercent as pct, formatUtcMinute } from "@/components/format";
import { qualityForecasts, storedQualityForecasts } from "@/lib/monitoring/store/forecasts";
import type { BacktestResult } from "@/lib/monitoring/forecast/backtest";
import { describeModel } from "@/lib/monitoring/forecast/models";

export const metadata: Metadata = { title: "Forecasts" };
export const dynamic = "force-dynamic";

// Scores stored as JSON come back as null where they were NaN (no scoreable fold).
const num = (v: number | null) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(2) : "—");

/** Tighter cells than the default table: five columns fit the side column. */
const cell = { padding: "0.4rem 0.3rem" };

/** Backtested accuracy of the chosen model next to seasonal naive at one horizon. */
function BacktestTable({ backtest }: { backtest: BacktestResult }) {
  return (
    <table className="small">
      <caption className="muted">
        Up to {backtest.horizon} days ahead from {backtest.folds} rolling origin(s); 80% / 95%: share of actuals inside the
        calibrated interval, each origin calibrated on the days before it
      </caption>
      <thead>
        <tr>
          <th scope="col" style={cell}>Model</th>
          <th scope="col" style={cell}>sMAPE</th>
          <th scope="col" style={cell}>MASE</th>
          <th scope="col" style={cell}>80%</th>
          <th scope="col" style={cell}>95%</th>
        </tr>
      </thead>
      <tbody>
        {(
          [
            ["Chosen model", backtest.model],
            ["Seasonal naive", backtest.baseline],
          ] as const
        ).map(([name, scores]) => (
          <tr key={name}>
            <th scope="row" style={{ ...cell, whiteSpace: "normal" }}>
              {name}
            </th>
            <td style={cell}>{num(scores.smape)}</td>
            <td style={cell}>{num(scores.mase)}</td>
            <td style={cell}>{pct(scores.coverage80)}</td>
            <td style={cell}>{pct(scores.coverage95)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default dashboardPage("monitoring:read", async function ForecastsPage(_props: object, { principal }) {
  const db = await getDb();
  const projectId = principal.projectId;
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
          ? `Stored forecasts of ${formatDay(stored.day)}, computed at ${formatUtcMinute(items[0]?.computedAt)} by the daily monitoring-forecasts job (01:10 UTC).`
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
                      <dd>{describeModel(f.model)}</dd>
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
                    {[...(f.horizonBacktests ?? []), { horizon: f.points.length, backtest: f.backtest }].map(({ horizon, backtest }) =>
                      backtest ? (
                        <BacktestTable key={horizon} backtest={backtest} />
                      ) : (
                        <p key={horizon} className="muted small">
                          History too short to hold out a {horizon}-day backtest window.
                        </p>
                      ),
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
});
