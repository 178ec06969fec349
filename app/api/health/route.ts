import { getDbHandle } from "@/db/client";
import { checkHealth } from "@/lib/health/check";
import { readiness } from "@/lib/health/readiness";
import { cacheHealth } from "@/lib/cache/store";
import type { Handler } from "@/lib/http/route";
import { jobMode } from "@/lib/jobs/dispatch";

export const dynamic = "force-dynamic";

/**
 * 200 when the database answers and is migrated, 503 otherwise, including while start-up still waits for the
 * database. Not declared with route(): that opens the database first, and health must answer without one.
 */
async function health(): Promise<Response> {
  const redis = await cacheHealth();
  const ready = readiness();
  const noStore = { "Cache-Control": "no-store" };
  if (ready.state === "starting") {
    return Response.json(
      { status: "starting", database: { ok: false, reason: ready.lastError, attempts: ready.attempts }, jobs: { mode: jobMode() }, redis },
      { status: 503, headers: { "Retry-After": "5", ...noStore } },
    );
  }
  let handle;
  try {
    handle = await getDbHandle();
  } catch {
    return Response.json({ status: "degraded", database: { ok: false }, jobs: { mode: jobMode() }, redis }, { status: 503, headers: noStore });
  }
  const body = await checkHealth(handle, jobMode(), redis);
  return Response.json(body, { status: body.status === "ok" ? 200 : 503, headers: noStore });
}

export const GET: Handler = Object.assign(health, { access: { kind: "public" } as const });
