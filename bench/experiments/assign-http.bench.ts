// HTTP assign endpoint in-process: the real route handler (API-key auth, rate limit, body parsing, cached experiment
// definition, idempotent exposure insert) called with CONCURRENCY requests in flight, on in-memory PGlite or, with
// DATABASE_URL, PostgreSQL. Baseline in the same run: the pure assignment (variantFor, no database) through the same
// request pool. BENCH_ASSIGN_HTTP_CALLS (default 4,000; with the 300 warm-up calls below the 6,000/min per-key rate
// limit) sets the size; a quarter of the calls repeat an earlier user (exposure already logged).
import { NextRequest } from "next/server";
import { openScratchDb } from "../scratch-db";
import { pool } from "../pool";
import { assignBody, expectedExposures, runningAssignExperiment } from "./assign-setup";
import { setDbHandle } from "@/db/client";
import { insertApiKey } from "@/lib/tenancy/api-keys";
import { variantFor } from "@/lib/experiments/expose";
import { POST as assign } from "@/app/api/v1/experiments/[key]/assign/route";

const CALLS = Number(process.env.BENCH_ASSIGN_HTTP_CALLS ?? 4_000);
const CONCURRENCY = 32;
const WARMUP = 300;

export default async function assignHttpBench() {
  const handle = await openScratchDb("assign");
  setDbHandle(handle);
  try {
    const db = handle.db;
    const { project, running } = await runningAssignExperiment(db);
    const experiment = running;
    const apiKey = await insertApiKey(db, project.id, "bench");
    const body = assignBody;

    const baseline = await pool(CALLS, CONCURRENCY, async (i) => {
      const parsed = JSON.parse(body(i)) as { userId: string; attributes: Record<string, unknown> };
      if (!variantFor(running, parsed.userId, parsed.attributes).variant) throw new Error("not assigned");
    });

    let failures = 0;
    let logged = 0;
    const call = async (userBody: string) => {
      const req = new NextRequest(new URL(`/api/v1/experiments/${experiment.key}/assign`, "http://localhost:3000"), {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey.secretKey}`, "content-type": "application/json" },
        body: userBody,
      });
      const res = await assign(req, { params: Promise.resolve({ key: experiment.key }) });
      return { status: res.status, json: (await res.json()) as { exposureLogged?: boolean } };
    };
    // Warm-up (untimed, other users): compiles the route's code paths and prepares the insert on each connection.
    await pool(WARMUP, CONCURRENCY, async (i) => void (await call(JSON.stringify({ userId: `warmup-${i}`, attributes: { plan: "pro" } }))));
    const http = await pool(CALLS, CONCURRENCY, async (i) => {
      const res = await call(body(i));
      if (res.status !== 200) failures++;
      else if (res.json.exposureLogged) logged++;
    });

    return {
      driver: handle.driver,
      calls: CALLS,
      concurrency: CONCURRENCY,
      baselinePureAssignment: baseline,
      httpAssign: http,
      ratioThroughputToBaseline: +(http.requestsPerSecond / baseline.requestsPerSecond).toFixed(4),
      target: "≥ 2,000 req/s",
      sanity: { non200: failures, exposuresLogged: logged, expectedExposures: expectedExposures(CALLS) },
    };
  } finally {
    setDbHandle(undefined);
    await handle.close();
  }
}
