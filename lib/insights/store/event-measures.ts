/**
 * Event metrics as sums of event counts per name and thumbs value (the project's metric roles): which rows count in
 * the numerator and denominator. Shared by the event rollups (./segment-rollups.ts) and the per-user event tier
 * (./user-day-scan.ts), whose rows carry the same name and thumbs columns.
 */
import { sql, type SQL } from "drizzle-orm";
import { DEFAULT_ROLES } from "@/lib/catalog/definition";
import type { SegmentScan } from "./segments";

/** Conditions on a row's name and thumbs columns (read through `col`, e.g. a table alias) for the metric's num and den. */
export function eventCountMeasures(s: SegmentScan, col: (c: "name" | "thumbs") => SQL = (c) => sql`${sql.identifier(c)}`): { num: SQL; den: SQL } {
  const roles = s.roles ?? DEFAULT_ROLES;
  const name = col("name"), thumbs = col("thumbs");
  switch (s.metric) {
    case "sessions":
      return { num: sql`${name} = ${roles.session}`, den: sql`${name} = ${roles.session}` };
    case "messages":
      return { num: sql`${name} = ${roles.message}`, den: sql`${name} = ${roles.message}` };
    case "event_error_rate":
      return { num: sql`${name} = ${roles.error}`, den: sql`${name} in (${roles.message}, ${roles.error})` };
    case "feedback_down_rate":
      return { num: sql`${name} = ${roles.feedback} and ${thumbs} = 'down'`, den: sql`${name} = ${roles.feedback} and ${thumbs} in ('up', 'down')` };
    default:
      throw new Error(`${s.metric} is not an event metric`);
  }
}
