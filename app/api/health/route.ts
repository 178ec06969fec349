import { getDbHandle } from "@/db/client";
import { checkHealth } from "@/lib/health/check";
import { route } from "@/lib/http/route";
import { jobMode } from "@/inngest/runtime";

export const dynamic = "force-dynamic";

export const GET = route({ access: "public" }, async () => {
  const health = await checkHealth(await getDbHandle(), jobMode());
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
});
