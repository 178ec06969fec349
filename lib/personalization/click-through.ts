// Click-through of served recommendation lists over a window (the dashboard's time range), per model version and experiment variant: the
// share of impressions with at least one click, with its 95% Wilson interval (lib/primitives/proportion.ts).
import type { Db } from "@/db/client";
import { estimateShare, type ShareEstimate } from "@/lib/primitives/proportion";
import { clickThrough, type ClickThroughRow } from "./store/impressions";

export interface ClickThroughReport {
  from: Date;
  to: Date;
  rows: (ClickThroughRow & { ctr: ShareEstimate })[];
}

export async function clickThroughReport(db: Db, projectId: string, window: { from: Date; to: Date }): Promise<ClickThroughReport> {
  const { from, to } = window;
  const rows = await clickThrough(db, projectId, { from, to });
  return { from, to, rows: rows.map((r) => ({ ...r, ctr: estimateShare(r.clicked, r.impressions) })) };
}
