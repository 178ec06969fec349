"use client";

import { useState } from "react";
import { CohortOptions } from "@/components/cohorts/cohort-options";
import { seriesLabel } from "@/lib/monitoring/rollups/series-label";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatCount, formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { monitoringApi, monitoringKeys } from "./queries";

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** Alert rules (anomaly severity or metric threshold → webhook and/or email), silence/enable, and the notification log. */
export function AlertsPanel({
  projectId,
  canManage,
  cohorts = [],
}: {
  projectId: string;
  canManage: boolean;
  /** Saved cohorts a rule can watch (a cohort's series of the metric instead of the project total). */
  cohorts?: { id: string; name: string }[];
}) {
  const cohortNames = new Map(cohorts.map((c) => [c.id, c.name]));
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: monitoringKeys.alertRules(projectId), queryFn: monitoringApi.alertRules });
  const emailAvailable = rules.data?.channels.email ?? false;
  const log = useQuery({ queryKey: monitoringKeys.notifications(projectId), queryFn: monitoringApi.notifications, refetchInterval: 30_000 });
  const invalidate = () => {
    qc.invalidateQueries({ queryKey: monitoringKeys.alertRules(projectId) });
    qc.invalidateQueries({ queryKey: monitoringKeys.notifications(projectId) });
  };
  const patch = useMutation({ mutationFn: monitoringApi.patchAlertRule, onSettled: invalidate });
  const remove = useMutation({ mutationFn: monitoringApi.deleteAlertRule, onSettled: invalidate });
  const ack = useMutation({ mutationFn: monitoringApi.acknowledgeNotification, onSettled: invalidate });
  const [form, setForm] = useState({ name: "", condition: "anomaly", metric: "", threshold: "", minSeverity: "high", webhookUrl: "", emails: "", cooldownMinutes: "60", cohort: "" });
  const create = useMutation({
    mutationFn: () =>
      monitoringApi.createAlertRule({
        name: form.name,
        condition: form.condition,
        metric: form.condition === "dead_letters" ? null : form.metric || null,
        threshold: form.threshold === "" ? null : Number(form.threshold),
        minSeverity: form.minSeverity,
        webhookUrl: form.webhookUrl.trim() || null,
        emailRecipients: form.emails.split(/[,\s]+/).map((e) => e.trim()).filter(Boolean),
        cooldownMinutes: Number(form.cooldownMinutes),
        ...(form.cohort && form.condition !== "dead_letters" ? { dimension: "cohort", dimensionValue: form.cohort } : {}),
      }),
    onSuccess: () => setForm((f) => ({ ...f, name: "", webhookUrl: "", emails: "" })),
    onSettled: invalidate,
  });
  const silenceFor = (id: string, hours: number | null) =>
    patch.mutate({ id, body: hours === null ? { silencedUntil: null } : { silenceMinutes: hours * 60 } });
  const error = [patch, remove, ack, create].find((m) => m.isError)?.error;

  return (
    <div className="grid">
      {error && <div className="alert alert-error" role="alert">{error.message}</div>}
      <section className="card table-wrap" aria-label="Alert rules">
        <h2>Alert rules</h2>
        <QueryState
          query={rules}
          what="alert rules"
          isEmpty={(d) => d.data.length === 0}
          empty={
            <>
              No alert rules. Rules send Slack-compatible JSON (<code>{"{ text }"}</code>) to a webhook
              {emailAvailable ? " and/or an email" : ""} after each hourly detection run.
            </>
          }
        >
          {({ data }) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">When</th>
                  <th scope="col">Notifies</th>
                  <th scope="col">Cooldown</th>
                  <th scope="col">State</th>
                  {canManage && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {data.map((r) => {
                  const silenced = r.silencedUntil !== null && Date.parse(r.silencedUntil) > rules.dataUpdatedAt;
                  return (
                    <tr key={r.id}>
                      <td>{r.name}</td>
                      <td>
                        {r.condition === "anomaly"
                          ? `${r.minSeverity}+ anomaly on ${r.metric ?? "any metric"}`
                          : r.condition === "dead_letters"
                            ? `more than ${r.threshold ?? 0} new dead-lettered job run(s)`
                            : `${r.metric} ${r.condition} ${r.threshold} (last hour)`}
                        {r.dimension && r.dimensionValue ? ` · ${seriesLabel(r.dimension, r.dimensionValue, cohortNames)}` : ""}
                      </td>
                      <td>{[r.webhookUrl ? host(r.webhookUrl) : null, ...r.emailRecipients].filter(Boolean).join(", ")}</td>
                      <td>{formatCount(r.cooldownMinutes)} min</td>
                      <td>{!r.enabled ? "paused" : silenced ? `silenced until ${formatDate(r.silencedUntil)}` : "active"}</td>
                      {canManage && (
                        <td style={{ whiteSpace: "nowrap" }}>
                          {silenced ? (
                            <button className="btn" onClick={() => silenceFor(r.id, null)}>Unsilence</button>
                          ) : (
                            <>
                              <button className="btn" onClick={() => silenceFor(r.id, 1)}>Silence 1 h</button>{" "}
                              <button className="btn" onClick={() => silenceFor(r.id, 24)}>Silence 24 h</button>
                            </>
                          )}{" "}
                          <button className="btn" onClick={() => patch.mutate({ id: r.id, body: { enabled: !r.enabled } })}>{r.enabled ? "Pause" : "Enable"}</button>{" "}
                          <button className="btn btn-danger" onClick={() => remove.mutate(r.id)}>Delete</button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </QueryState>
        {canManage && (
          <form
            className="grid grid-4"
            style={{ marginTop: "1rem", alignItems: "end" }}
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate();
            }}
          >
            <label>
              Name
              <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </label>
            <label>
              Condition
              <select value={form.condition} onChange={(e) => setForm({ ...form, condition: e.target.value })}>
                <option value="anomaly">Anomaly of severity ≥</option>
                <option value="above">Metric above</option>
                <option value="below">Metric below</option>
                <option value="dead_letters">Jobs dead-lettered</option>
              </select>
            </label>
            {form.condition === "anomaly" ? (
              <label>
                Minimum severity
                <select value={form.minSeverity} onChange={(e) => setForm({ ...form, minSeverity: e.target.value })}>
                  {["low", "medium", "high", "critical"].map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
            ) : form.condition === "dead_letters" ? (
              <label>
                More than (new dead letters)
                <input type="number" min="0" step="1" value={form.threshold} placeholder="0" onChange={(e) => setForm({ ...form, threshold: e.target.value })} />
              </label>
            ) : (
              <label>
                Threshold
                <input required type="number" step="any" value={form.threshold} onChange={(e) => setForm({ ...form, threshold: e.target.value })} />
              </label>
            )}
            {form.condition !== "dead_letters" && (
              <label>
                Metric {form.condition === "anomaly" && "(empty: any)"}
                <input value={form.metric} placeholder="error_rate" onChange={(e) => setForm({ ...form, metric: e.target.value })} />
              </label>
            )}
            {form.condition !== "dead_letters" && cohorts.length > 0 && (
              <label>
                Cohort
                <select value={form.cohort} onChange={(e) => setForm({ ...form, cohort: e.target.value })}>
                  <option value="">{form.condition === "anomaly" ? "Any series" : "Project total"}</option>
                  <CohortOptions cohorts={cohorts} />
                </select>
              </label>
            )}
            <label>
              Webhook URL {emailAvailable && "(optional with email)"}
              <input
                required={!emailAvailable || form.emails.trim() === ""}
                type="url"
                value={form.webhookUrl}
                placeholder="https://hooks.slack.com/services/…"
                onChange={(e) => setForm({ ...form, webhookUrl: e.target.value })}
              />
            </label>
            <label>
              Email recipients
              <input
                disabled={!emailAvailable}
                value={form.emails}
                placeholder={emailAvailable ? "oncall@example.com, team@example.com" : "not configured"}
                aria-describedby="email-config-note"
                onChange={(e) => setForm({ ...form, emails: e.target.value })}
              />
              {!emailAvailable && (
                <span id="email-config-note" className="muted small">
                  Email is off on this server: set SMTP_URL and ALERT_EMAIL_FROM to enable it.
                </span>
              )}
            </label>
            <label>
              Cooldown (minutes)
              <input required type="number" min={0} value={form.cooldownMinutes} onChange={(e) => setForm({ ...form, cooldownMinutes: e.target.value })} />
            </label>
            <button className="btn btn-primary" type="submit" disabled={create.isPending}>
              Add rule
            </button>
          </form>
        )}
      </section>
      <section className="card table-wrap" aria-label="Notification log">
        <h2>Notification log</h2>
        <QueryState query={log} what="notifications" isEmpty={(d) => d.data.length === 0} empty="No notifications sent yet.">
          {({ data }) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Message</th>
                  <th scope="col">Delivery</th>
                  <th scope="col">Acknowledged</th>
                </tr>
              </thead>
              <tbody>
                {data.map((n) => (
                  <tr key={n.id}>
                    <td>{formatDate(n.createdAt)}</td>
                    <td>{n.ruleName}</td>
                    <td style={{ whiteSpace: "pre-line" }}>{n.message}</td>
                    <td>
                      {n.channel}
                      {n.target ? ` → ${n.target}` : ""}:{" "}
                      {n.status === "sent" ? `sent${n.responseStatus ? ` (${n.responseStatus})` : ""}${n.error ? `; ${n.error}` : ""}` : `failed: ${n.error}`}
                    </td>
                    <td>
                      {n.acknowledgedAt ? (
                        formatDate(n.acknowledgedAt)
                      ) : canManage ? (
                        <button className="btn" onClick={() => ack.mutate(n.id)}>Acknowledge</button>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </section>
    </div>
  );
}
