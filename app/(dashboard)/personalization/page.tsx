import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import type { SearchParams } from "@/app/_server/search-params";
import { getDb } from "@/db/client";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ModelVersionsTable } from "@/components/personalization/model-versions-table";
import { EvaluationTable } from "@/components/personalization/evaluation-table";
import { TrendingTable } from "@/components/personalization/trending-table";
import { trendingItems } from "@/lib/personalization/trending-service";
import { listModelVersions } from "@/lib/personalization/store/models";
import { deadLetterCounts, listDeadLetters } from "@/lib/personalization/store/dead-letters";
import { DeadLetters } from "@/components/personalization/dead-letters";
import { toJson } from "@/components/ui/api";
import { can } from "@/lib/auth/permissions";
import { formatCount } from "@/components/format";
import { ClickThroughTable } from "@/components/personalization/click-through-table";
import { clickThroughReport } from "@/lib/personalization/click-through";
import { FeatureStoreTable } from "@/components/personalization/feature-store-table";
import { featureStoreHealth } from "@/lib/personalization/features/health";
import { getOnlineStore } from "@/lib/personalization/features/online-store";
import { servingStats } from "@/lib/personalization/features/serving-stats";
import { describeRange, parseTimeRange } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";

export const metadata: Metadata = { title: "Personalization" };

export default dashboardPage("personalization:read", async function PersonalizationPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const db = await getDb();
  const sp = await searchParams;
  const now = new Date();
  // Click-through follows the dashboard's one time range; trending is "now" and the model versions are all of them.
  const { range, problem } = parseTimeRange(sp, now);
  const period = describeRange(range);
  const online = await getOnlineStore();
  const [versions, letters, trending, deadRows, clicks, features] = await Promise.all([
    listModelVersions(db, principal.projectId),
    deadLetterCounts(db, principal.projectId),
    trendingItems(db, principal.projectId, { now, limit: 10 }),
    listDeadLetters(db, principal.projectId, { limit: 50 }),
    clickThroughReport(db, principal.projectId, range),
    featureStoreHealth(db, principal.projectId, { now, stats: servingStats(), onlineKind: online.kind }),
  ]);
  const retried = letters.recovered + letters.failed;
  const description = "Recommendation models learned from interaction feedback, trained daily and evaluated against a popularity baseline; a version serves only when it beats it.";
  if (!versions.length) {
    return (
      <>
        <PageHeader title="Personalization" description={description} />
        <EmptyState title="No model trained yet">
          <p>
            Send <code>item</code> and <code>interaction</code> items to <code>POST /api/v1/ingest</code>, then call <code>POST /api/v1/recommendations/train</code> or wait for the
            daily <code>personalization-train</code> job.
          </p>
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Personalization" description={description} actions={<RangePicker path="/personalization" params={pageParams(sp)} range={range} />} />
      <RangeProblem problem={problem} />
      <section className="card section" aria-label="Model versions">
        <h2>Model versions</h2>
        <ModelVersionsTable versions={versions} />
      </section>
      <section className="card section" aria-label="Rankers compared">
        <h2>Rankers compared</h2>
        <p className="muted small">
          Served: the kept collaborative model blended with the content model by each user&apos;s history length, re-ranked with MMR for diversity; users and items the
          collaborative model has not seen are served from content.
        </p>
        <EvaluationTable version={versions.find((v) => v.promoted) ?? versions[0]} />
      </section>
      <section className="card section" aria-label="Click-through">
        <h2>Click-through, {period}</h2>
        <p className="muted small">
          Per model version and ranking experiment variant. A running experiment whose variants set <code>alpha</code>, <code>mmrLambda</code> or <code>historyHalfWeight</code>{" "}
          and whose goal metrics include <em>Recommendation click-through</em> ranks each covered user with their variant&apos;s values (or any experiment a request names
          with <code>experimentKey</code>); its page analyses the click-through.
        </p>
        <ClickThroughTable report={clicks} period={period} />
      </section>
      <section className="card section" aria-label="Trending">
        <h2>Trending now</h2>
        <TrendingTable trending={trending} />
      </section>
      <section className="card section" aria-label="Feature store">
        <h2>Feature store</h2>
        <p className="muted small">
          Feature views (<code>lib/personalization/features/views/</code>) computed from the interactions and the promoted model by the <code>features-materialize</code> job
          every 6 hours, kept with their event time in PostgreSQL and copied online; served by <code>GET /api/v1/features?entity=user&amp;id=…</code>. The daily{" "}
          <code>features-parity</code> job compares the two copies.
        </p>
        <FeatureStoreTable health={features} />
      </section>
      <section className="card section" aria-label="Feedback retries">
        <h2>Feedback retries</h2>
        <p>
          Interactions that named an item not yet in the catalog: {formatCount(letters.pending)} waiting, {formatCount(letters.recovered)} stored after a retry,{" "}
          {formatCount(letters.failed)} given up
          {retried ? ` (${Math.round((letters.recovered / retried) * 100)}% recovered)` : ""}. Rows are kept 7 days; the newest 50 below.
        </p>
        <DeadLetters rows={toJson(deadRows)} failed={letters.failed} canReplay={can(principal.role, "personalization:train")} />
      </section>
    </>
  );
});
