import { z } from "zod";
import { route } from "@/lib/http/route";
import { personasReport } from "@/lib/insights/personas/personas";
import { checkTimeRange, timeRangeOf, timeRangeQueryShape } from "@/lib/time-range/query";

const query = z.object(timeRangeQueryShape).superRefine(checkTimeRange);

/**
 * `GET /api/v1/insights/personas?range=24h|7d|30d|90d | from=&to=`: the persona report over the app's time range,
 * default the last 7 days like the Personas page; the reply's `from`/`to` are the window it covers.
 */
export const GET = route({ access: { session: "insights:read", apiKey: true }, query }, async ({ db, projectId, query }) =>
  Response.json(await personasReport(db, projectId, timeRangeOf(query))),
);
