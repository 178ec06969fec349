import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { toJson } from "@/components/ui/api";
import { CatalogEditor } from "@/components/catalog/catalog-editor";
import { EventQualityTable } from "@/components/catalog/event-quality-table";
import { EventVolumeChart } from "@/components/catalog/event-volume-chart";
import { can } from "@/lib/auth/permissions";
import { catalogToYaml } from "@/lib/catalog/document";
import { getCatalog } from "@/lib/catalog/store/catalogs";
import { qualityReport } from "@/lib/catalog/quality";

export const metadata: Metadata = { title: "Data quality" };

const DAYS = 30;

export default dashboardPage("catalog:read", async function DataQualityPage(_props: object, { principal }) {
  const db = await getDb();
  const [{ catalog }, report] = await Promise.all([getCatalog(db, principal.projectId), qualityReport(db, principal.projectId, DAYS)]);
  const unknown = report.events.filter((e) => !e.known);
  const known = report.events.filter((e) => e.known);
  const json = toJson(report);
  return (
    <>
      <PageHeader
        title="Data quality"
        description={`Events checked against the project's event catalog over the last ${DAYS} days (contract mode: ${report.mode}). Counts start when the mode is warn or enforce.`}
      />
      <EventVolumeChart report={json} />
      <section className="card section" aria-label="Unknown events">
        <h2>Unknown events</h2>
        {unknown.length === 0 ? (
          <p className="muted">{report.mode === "off" ? "Not checked while the contract mode is off." : "Every event received is in the catalog."}</p>
        ) : (
          <EventQualityTable events={toJson(unknown)} caption="Event names the catalog does not define (refused in enforce mode)." />
        )}
      </section>
      <section className="card section" aria-label="Catalog events">
        <h2>Schema violations and volume</h2>
        {known.length === 0 ? (
          <EmptyState title="Nothing counted yet">
            <p>Define events in the catalog below, set the mode to warn or enforce, then send events; their volume and violations appear here.</p>
          </EmptyState>
        ) : (
          <EventQualityTable events={toJson(known)} caption="Catalog events: stored volume, events that broke their property schema (last messages), refusals and alerts." />
        )}
      </section>
      <CatalogEditor initial={catalogToYaml(catalog)} canEdit={can(principal.role, "catalog:write")} />
    </>
  );
});
