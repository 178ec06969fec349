import { z } from "zod";
import { route } from "@/lib/http/route";
import { metadataKeySchema } from "@/lib/insights/root-cause/dimensions";
import { projectDimensionKeys, saveDimensionKeys } from "@/lib/insights/store/settings";

const body = z.object({ dimensionKeys: z.array(metadataKeySchema).max(20, "at most 20 keys") });

/** The trace metadata keys root cause analysis uses as dimensions. */
export const GET = route({ access: { session: "insights:read", apiKey: true } }, async ({ db, projectId }) =>
  Response.json({ dimensionKeys: await projectDimensionKeys(db, projectId) }),
);

export const PUT = route({ access: { session: "insights:write" }, body, maxBytes: 10_000 }, async ({ db, principal, body }) =>
  Response.json(await saveDimensionKeys(db, principal.projectId, body.dimensionKeys)),
);
