"use client";

import { useState } from "react";
import { requiredSampleSize } from "@/lib/experiments/stats/power";
import { formatCount } from "@/components/format";

export interface ObservedTraffic {
  /** Average daily active users over the last 14 days, from events; null without data. */
  usersPerDay: number | null;
  /** Thumbs-up rate over the last 14 days; null without ratings. */
  thumbsUpRate: number | null;
}

/** Expected run time for a conversion-rate goal, from observed traffic (editable) and the planned split. */
export function PowerCalculator({ observed, numVariants, coverage, alpha }: { observed: ObservedTraffic; numVariants: number; coverage: number; alpha: number }) {
  const [baseline, setBaseline] = useState(observed.thumbsUpRate !== null ? +(observed.thumbsUpRate * 100).toFixed(1) : NaN);
  const [mde, setMde] = useState(5);
  const [usersPerDay, setUsersPerDay] = useState(observed.usersPerDay ?? NaN);
  let plan: { usersPerVariant: number; totalUsers: number; days: number | null } | null = null;
  let error: string | null = null;
  try {
    if (!(baseline > 0 && baseline < 100)) throw new Error("Enter a baseline rate between 0 and 100%.");
    if (!(usersPerDay > 0)) throw new Error("Enter the users per day you expect.");
    plan = requiredSampleSize({
      baseline: { type: "binomial", conversionRate: baseline / 100 },
      relativeMde: mde / 100,
      numVariants: Math.max(2, numVariants),
      alpha,
      usersPerDay: usersPerDay * Math.max(coverage, 0.0001),
    });
  } catch (e) {
    error = e instanceof Error ? e.message : "Cannot compute a plan";
  }
  return (
    <section className="card" aria-label="Power calculator">
      <h2>Power calculator</h2>
      <p className="muted small">
        80% power to detect the lift below on a rate metric, α = {alpha} split over {Math.max(1, numVariants - 1)} comparison(s),
        with {Math.round(coverage * 100)}% of users in the experiment.
        {observed.usersPerDay !== null ? " Prefilled from the last 14 days of events." : " No recent events: enter your own numbers."}
      </p>
      <div className="form-row">
        <label>Baseline rate (%)<input type="number" step="any" min="0.1" max="99.9" value={Number.isNaN(baseline) ? "" : baseline} onChange={(e) => setBaseline(Number(e.target.value))} /></label>
        <label>Smallest lift worth detecting (%)<input type="number" step="any" min="0.5" max="200" value={mde} onChange={(e) => setMde(Number(e.target.value))} /></label>
        <label>Users per day<input type="number" min="1" value={Number.isNaN(usersPerDay) ? "" : usersPerDay} onChange={(e) => setUsersPerDay(Number(e.target.value))} /></label>
      </div>
      {plan ? (
        <p role="status" data-testid="power-plan">
          <strong>{formatCount(plan.usersPerVariant)}</strong> users per variant, {formatCount(plan.totalUsers)} in
          total: about <strong>{plan.days} day{plan.days === 1 ? "" : "s"}</strong> of traffic.
        </p>
      ) : (
        <p className="muted">{error}</p>
      )}
    </section>
  );
}
