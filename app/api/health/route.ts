import { getDbHandle } from "@/db/client";
import { checkHealth } from "@/lib/health/check";
import { publicRoute } from "@/lib/http/route";
import { jobMode } from "@/lib/jobs/dispatch";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => {
  const health = await checkHealth(await getDbHandle(), jobMode());
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
});
