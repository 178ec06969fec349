import type { ExperimentStatus } from "@/lib/experiments/definition";

const tone: Record<ExperimentStatus, string> = { draft: "", running: "badge-ok", paused: "badge-warn", stopped: "badge-danger" };

export function StatusBadge({ status }: { status: ExperimentStatus }) {
  return <span className={`badge ${tone[status]}`}>{status}</span>;
}

/** "12 days", "5 hours", or "not started"; stops counting at the end date. */
export function runningTime(startedAt: Date | string | null, endedAt: Date | string | null, now = new Date()): string {
  if (!startedAt) return "not started";
  const end = endedAt ? new Date(endedAt) : now;
  const hours = Math.max(0, (end.getTime() - new Date(startedAt).getTime()) / 3_600_000);
  if (hours < 48) return `${Math.floor(hours)} hour${Math.floor(hours) === 1 ? "" : "s"}`;
  return `${Math.floor(hours / 24)} days`;
}
