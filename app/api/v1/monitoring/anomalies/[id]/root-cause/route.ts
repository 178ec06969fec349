import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { anomalyRootCause } from "@/lib/insights/store/anomaly-root-cause";

const params = z.object({ id: pathId("anomaly") });

/** The root cause stored with an anomaly (computed now if its job has not run yet). */
export const GET = route({ access: { session: "monitoring:read", apiKey: true }, params }, async ({ db, projectId, params }) =>
  Response.json(await anomalyRootCause(db, projectId, params.id)),
);
