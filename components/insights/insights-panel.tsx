"use client";

import Link from "next/link";
import { SuggestionList } from "./suggestion-list";
import { UsefulShare } from "./useful-share";

/** Overview's Insights panel: the current suggestions and how often the team found them useful. */
export function InsightsPanel({ projectId, canGiveFeedback }: { projectId: string; canGiveFeedback: boolean }) {
  return (
    <section className="card grid" aria-label="Insights">
      <h2 style={{ margin: 0 }}>
        Insights <Link className="small" href="/insights#suggestions">all suggestions</Link>
      </h2>
      <SuggestionList projectId={projectId} limit={5} canGiveFeedback={canGiveFeedback} />
      <UsefulShare projectId={projectId} />
    </section>
  );
}
