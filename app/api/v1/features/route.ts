import { route } from "@/lib/http/route";
import { featuresQuerySchema, getOnlineFeatures } from "@/lib/personalization/features/serve";
import { getOnlineStore } from "@/lib/personalization/features/online-store";
import { servingStats } from "@/lib/personalization/features/serving-stats";

/**
 * `?entity=user|item&id=a,b,…(≤ 20)&features=view:feature,view` → `{ entity, features, entities: [{ id, values,
 * status, eventTime }] }` from the online feature store (the offline values for what it misses) (API key or session).
 */
export const GET = route({ access: { session: "personalization:read", apiKey: true }, query: featuresQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await getOnlineFeatures(db, await getOnlineStore(), projectId, query, { stats: servingStats() })),
);
