// The Spectrum weekly job's SLA (Monday 04:00 UTC start, outputs due 6 h later), judged from the job ledger's runs;
// pure, so the health card and its test read the same rule.
/** The weekly job starts Monday 04:00 UTC; its outputs are due by 10:00 UTC. */
export const WEEKLY_SLA_HOURS = 6;
const WEEKLY_START_HOUR = 4;
const HOUR = 3_600_000;
const WEEK = 7 * 86_400_000;

/**
 * The weekly job's SLA as of `now`, judged at the latest deadline that has passed (Monday 10:00 UTC):
 * - "not_yet_due": the project did not exist when that week's scheduled run started (a new project, or a demo set up
 *   later in the week), so no deadline has applied yet; `nextDeadline` says when the first one does.
 * - "met": a run succeeded between the week's end (Monday 00:00) and the deadline.
 * - "missed": no run succeeded in that window (a late run, such as a set-up's, is listed but does not meet it).
 */
export type WeeklySlaStatus = "met" | "missed" | "not_yet_due";

export function weeklySla(now: Date, projectCreatedAt: Date, succeededFinishes: Date[]) {
  const thisWeeksDeadline = periodStartMonday(now).getTime() + (WEEKLY_START_HOUR + WEEKLY_SLA_HOURS) * HOUR;
  const deadline = now.getTime() >= thisWeeksDeadline ? thisWeeksDeadline : thisWeeksDeadline - WEEK;
  const scheduledStart = deadline - WEEKLY_SLA_HOURS * HOUR;
  const weekEnd = scheduledStart - WEEKLY_START_HOUR * HOUR;
  let status: WeeklySlaStatus;
  if (projectCreatedAt.getTime() > scheduledStart) status = "not_yet_due";
  else status = succeededFinishes.some((f) => f.getTime() >= weekEnd && f.getTime() <= deadline) ? "met" : "missed";
  // The first deadline whose scheduled run starts after the project existed.
  let next = deadline + WEEK;
  while (next - WEEKLY_SLA_HOURS * HOUR < projectCreatedAt.getTime()) next += WEEK;
  return { status, deadline: new Date(deadline).toISOString(), nextDeadline: new Date(next).toISOString() };
}

function periodStartMonday(now: Date) {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * 86_400_000);
}
