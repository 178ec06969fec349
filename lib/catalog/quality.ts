// The Data quality report: per event over a window, its volume, schema violations (with the last messages), unknown
// names and the catalog's alert thresholds crossed, plus the daily volume per event for the chart.
import type { Db } from "@/db/client";
import type { Catalog } from "./definition";
import { getCatalog } from "./store/catalogs";
import { qualityRows } from "./store/quality";

export const QUALITY_MAX_DAYS = 90;
const DAY_MS = 86_400_000;

export interface EventQuality {
  name: string;
  /** In the catalog (false: an unknown event). */
  known: boolean;
  volume: number;
  violations: number;
  refused: number;
  lastViolations: string[];
  lastViolationAt: string | null;
  /** Catalog alert thresholds this event crossed in the window, in words. */
  alerts: string[];
}

export interface QualityReport {
  mode: Catalog["mode"];
  from: string;
  days: string[];
  events: EventQuality[];
  /** Stored events per day and name (refused ones are not stored); the chart's series. */
  volume: { day: string; name: string; volume: number }[];
}

type Row = Awaited<ReturnType<typeof qualityRows>>[number];

/** Pure: the report from counter rows and the catalog. */
export function buildQualityReport(catalog: Catalog, rows: Row[], from: Date, now: Date): QualityReport {
  const days: string[] = [];
  for (let d = from.getTime(); d <= now.getTime(); d += DAY_MS) days.push(new Date(d).toISOString().slice(0, 10));
  const defs = new Map(catalog.events.map((e) => [e.name, e]));
  const byName = new Map<string, EventQuality & { perDay: Map<string, number> }>();
  for (const r of rows) {
    const e = byName.get(r.name) ?? { name: r.name, known: defs.has(r.name), volume: 0, violations: 0, refused: 0, lastViolations: [], lastViolationAt: null, alerts: [], perDay: new Map() };
    byName.set(r.name, e);
    e.volume += r.volume;
    e.violations += r.violations;
    e.refused += r.refused;
    e.perDay.set(r.day, (e.perDay.get(r.day) ?? 0) + r.volume);
    const at = r.lastViolationAt?.toISOString() ?? null;
    if (at && (!e.lastViolationAt || at > e.lastViolationAt)) [e.lastViolationAt, e.lastViolations] = [at, r.lastViolations];
  }
  // Whole past days only: today is still filling up, so a low count there is not an alert.
  const pastDays = days.slice(0, -1);
  for (const e of byName.values()) {
    const alerts = defs.get(e.name)?.alerts;
    const seen = e.volume + e.refused;
    if (alerts?.maxViolationRate !== undefined && seen > 0 && e.violations / seen > alerts.maxViolationRate) {
      e.alerts.push(`violation rate ${((100 * e.violations) / seen).toFixed(1)}% is over ${(100 * alerts.maxViolationRate).toFixed(1)}%`);
    }
    const min = alerts?.minDailyVolume;
    if (min !== undefined) {
      const low = pastDays.filter((d) => (e.perDay.get(d) ?? 0) < min);
      if (low.length > 0) e.alerts.push(`${low.length} day(s) under ${min} events, last ${low[low.length - 1]}`);
    }
  }
  const events = [...byName.values()]
    .map(({ perDay: _perDay, ...e }) => e)
    .sort((a, b) => Number(a.known) - Number(b.known) || b.violations - a.violations || b.volume - a.volume || a.name.localeCompare(b.name));
  const volume = rows.filter((r) => r.volume > 0).map((r) => ({ day: r.day, name: r.name, volume: r.volume }));
  return { mode: catalog.mode, from: from.toISOString(), days, events, volume };
}

/** The project's report over the last `days` UTC days (today included). */
export async function qualityReport(db: Db, projectId: string, days = 30, now = new Date()): Promise<QualityReport> {
  const from = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (Math.min(days, QUALITY_MAX_DAYS) - 1) * DAY_MS);
  const [{ catalog }, rows] = await Promise.all([getCatalog(db, projectId), qualityRows(db, projectId, from.toISOString().slice(0, 10))]);
  return buildQualityReport(catalog, rows, from, now);
}
