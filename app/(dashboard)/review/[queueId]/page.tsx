import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { queueSummary } from "@/lib/evaluation/store/annotation-queues";
import { PageHeader } from "@/components/ui/page-header";
import { ReviewScreen } from "@/components/review/review-screen";
import { InsightVerdicts } from "@/components/review/insight-verdicts";
import { QueueInsightSample } from "@/components/review/queue-forms";
import { toJson } from "@/components/ui/api";
import { formatPercent } from "@/components/format";

export const metadata: Metadata = { title: "Review" };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default dashboardPage("evaluation:write", async function ReviewPage({ params }: { params: Promise<{ queueId: string }> }, { principal }) {
  const { queueId } = await params;
  if (!uuid.test(queueId)) notFound();
  let summary;
  try {
    summary = await queueSummary(await getDb(), principal.projectId, queueId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
  const o = summary.overrides;
  return (
    <>
      <PageHeader
        title={summary.name}
        description={
          o.ratio === null
            ? "Override ratio against judge scores: none yet (it needs reviewed traces that a judge scored under the same name)."
            : `Override ratio: reviewers disagreed with the judge on ${formatPercent(o.ratio)} of ${o.comparedItems} reviewed items that a judge also scored${o.perScore.length ? ` (${o.perScore.map((s) => `${s.name}: agreement ${formatPercent(s.agreement)}${s.kappa !== null ? `, κ ${s.kappa.toFixed(2)}` : ""}`).join("; ")})` : ""}.`
        }
      />
      <ReviewScreen queueId={summary.id} />
      {summary.insights ? <InsightVerdicts summary={toJson(summary.insights)} configs={summary.scoreConfigs} /> : null}
      <QueueInsightSample queueId={summary.id} />
    </>
  );
});
