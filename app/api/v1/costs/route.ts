import { route } from "@/lib/http/route";
import { costReport } from "@/lib/traces/cost-report";
import { costBoardQuerySchema } from "@/lib/traces/store/costs";
import { getTraceSettings } from "@/lib/traces/store/trace-settings";
import { timeRangeOf } from "@/lib/time-range/query";

/**
 * The LLM cost board of the caller's project (`?range=24h|7d|30d|90d` or `from=&to=`, `compare=previous`,
 * `cohort=<cohort id>`; a cohort keeps only its members' traces and calls), exact at any sampling rate: `sampleRate`
 * is the project's current rate and `totals.sampledCalls` how many of the calls come from sampled-out traces;
 * `previous` holds the previous period's totals and its coverage when compared.
 */
export const GET = route({ access: { session: "traces:read", apiKey: true }, query: costBoardQuerySchema }, async ({ db, principal, apiKey, query }) => {
  const projectId = (apiKey?.projectId ?? principal?.projectId)!;
  const [report, settings] = await Promise.all([costReport(db, projectId, { cohort: query.cohort }, timeRangeOf(query)), getTraceSettings(db, projectId)]);
  return Response.json({ sampleRate: settings.sampleRate, ...report });
});
