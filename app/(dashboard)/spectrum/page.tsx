import type { Metadata } from "next";
import { requirePermission } from "@/app/_server/page-auth";
import { getDb } from "@/db/client";
import { AccessDenied } from "@/components/ui/access-denied";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { formatDate } from "@/components/ui/api";
import { spectrumHealth, WEEKLY_SLA_HOURS } from "@/lib/spectrum/store/health";
import { can } from "@/lib/auth/permissions";
import { EraseUserForm } from "@/components/spectrum/erase-user-form";

export const metadata: Metadata = { title: "Spectrum" };
export const dynamic = "force-dynamic";

const ratio = (a: number, b: number) => (b === 0 ? "—" : `${Math.round((a / b) * 100)}%`);

/** Spectrum health for the product team: never shows any end user's text or insights. */
export default async function SpectrumHealthPage() {
  const access = await requirePermission("spectrum:admin");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  const h = await spectrumHealth(await getDb(), access.principal.projectId);
  const local = h.cost.providers.every((p) => p.provider === "local");
  return (
    <>
      <PageHeader title="Spectrum" description={`Health of end users' private Spectrum pages · last full week ${h.week}`} />
      <div className="grid grid-4" data-testid="spectrum-health">
        <Stat label="Coverage (last full week)" value={ratio(h.coverage.usersWithWeeklyAggregate, h.coverage.usersWithSessions)} hint={`${h.coverage.usersWithWeeklyAggregate} of ${h.coverage.usersWithSessions} users with sessions have a weekly aggregate; ${h.coverage.usersWithWeeklyInsight} have an insight`} />
        <Stat
          label="Weekly job SLA"
          value={h.weeklyJob.slaMet === null ? "no run yet" : h.weeklyJob.slaMet ? "met" : "missed"}
          hint={`Due ${WEEKLY_SLA_HOURS} h after Monday 04:00 UTC · ${h.weeklyJob.succeeded}/${h.weeklyJob.runs30d} runs succeeded in 30 days, ${h.weeklyJob.dead} dead-lettered${h.weeklyJob.p95DurationMs !== null ? ` · p95 ${h.weeklyJob.p95DurationMs} ms` : ""}${h.weeklyJob.lastSucceededAt ? ` · last ${formatDate(h.weeklyJob.lastSucceededAt)}` : ""}`}
        />
        <Stat label="Validation failures (30 days)" value={String(h.validation.rejectedAttempts30d + h.validation.deadLetteredRuns30d)} hint={`${h.validation.rejectedAttempts30d} rejected drafts regenerated, ${h.validation.deadLetteredRuns30d} dead-lettered runs, ${h.validation.insights30d} insights stored`} />
        <Stat
          label="Cost per user (30 days)"
          value={`$${h.cost.perUserUsd.toFixed(4)}`}
          hint={local ? "0 because insights come from the local template generator (no LLM calls). Set OPENAI_API_KEY to use a model." : `Total $${h.cost.totalUsd30d.toFixed(4)} over ${h.cost.users} users (${h.cost.providers.map((p) => p.model).join(", ")})`}
        />
      </div>
      {h.validation.lastDeadError && (
        <section className="section card">
          <h2>Last dead-lettered Spectrum run</h2>
          <p className="mono">{h.validation.lastDeadError}</p>
          <p className="muted small">Replay it from the Jobs page once the cause is fixed.</p>
        </section>
      )}
      {can(access.principal.role, "users:delete") && <EraseUserForm />}
    </>
  );
}
