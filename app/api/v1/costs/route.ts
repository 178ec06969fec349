import { route } from "@/lib/http/route";
import { costBoard, costBoardQuerySchema, costRangeBounds } from "@/lib/traces/store/costs";
import { getTraceSettings } from "@/lib/traces/store/trace-settings";

/**
 * The LLM cost board of the caller's project (`?range=24h|7d|30d|90d&cohort=<cohort id>`; a cohort keeps only its
 * members' traces and calls), exact at any sampling rate: `sampleRate`
 * is the project's current rate and `totals.sampledCalls` how many of the calls come from sampled-out traces.
 */
export const GET = route({ access: { session: "traces:read", apiKey: true }, query: costBoardQuerySchema }, async ({ db, principal, apiKey, query }) => {
  const projectId = (apiKey?.projectId ?? principal?.projectId)!;
  const [board, settings] = await Promise.all([costBoard(db, projectId, { ...costRangeBounds(query.range), cohort: query.cohort }), getTraceSettings(db, projectId)]);
  return Response.json({ sampleRate: settings.sampleRate, ...board });
});
