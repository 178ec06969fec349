// Click-through of served recommendation lists over the last 30 days, per model version and experiment variant: the
// share of impressions with at least one click, with its 95% Wilson interval (lib/primitives/proportion.ts).
import type { Db } from "@/db/client";
import { estimateShare, type ShareEstimate } from "@/lib/primitives/proportion";
import { clickThrough, type ClickThroughRow } from "./store/impressions";

export const CLICK_THROUGH_DAYS = 30;

export interface ClickThroughReport {
  from: Date;
  to: Date;
  rows: (ClickThroughRow & { ctr: ShareEstimate })[];
}

export async function clickThroughReport(db: Db, projectId: string, now: Date): Promise<ClickThroughReport> {
  const from = new Date(now.getTime() - CLICK_THROUGH_DAYS * 86_400_000);
  const rows = await clickThrough(db, projectId, { from, to: now });
  return { from, to: now, rows: rows.map((r) => ({ ...r, ctr: estimateShare(r.clicked, r.impressions) })) };
}
