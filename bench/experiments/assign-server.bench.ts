// HTTP assign endpoint through the production server: `next start` (the build in .next, which `npm run build`
// makes) on a scratch PostgreSQL database, called over keep-alive HTTP connections from this process with
// CONCURRENCY requests in flight. Baseline in the same run: GET /api/health (the same server, auth-free, one database
// round trip) over the same connections. Needs DATABASE_URL (the server and the bench share the database; in-memory
// PGlite cannot be shared) and a build; skipped otherwise. BENCH_ASSIGN_SERVER_CALLS (default 6,000) calls are spread
// over API_KEYS keys so that no key reaches the 6,000/min rate limit. Also measured: the same number of exposures
// assigned locally (as a GrowthBook-compatible SDK does) and reported through the batch API, BATCH per request.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openScratchDb } from "../scratch-db";
import { pool } from "../pool";
import { assignBody, expectedExposures, runningAssignExperiment } from "./assign-setup";
import { rowsOf } from "@/db/client";
import { insertApiKey } from "@/lib/tenancy/api-keys";
import { bucketedVariant } from "@/lib/experiments/expose";

const CALLS = Number(process.env.BENCH_ASSIGN_SERVER_CALLS ?? 6_000);
const WARMUP = 500;
const CONCURRENCY = 32;
const API_KEYS = 4;
const BATCH = 500;
const PORT = Number(process.env.BENCH_SERVER_PORT ?? 3310);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(method: "GET" | "POST", pathname: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, method, path: pathname, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function waitUntilUp(deadlineMs: number) {
  for (const started = Date.now(); Date.now() - started < deadlineMs; await new Promise((r) => setTimeout(r, 250))) {
    try {
      if ((await request("GET", "/api/health")).status === 200) return;
    } catch {
      // not listening yet
    }
  }
  throw new Error("the server did not come up");
}

export default async function assignServerBench() {
  if (!process.env.DATABASE_URL) return { skipped: "needs DATABASE_URL (the server and the bench share one database)" };
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) return { skipped: "needs a production build (npm run build)" };
  const handle = await openScratchDb("assign_server");
  // BENCH_SERVER_NODE_FLAGS: extra node flags for the server process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeFlags = process.env.BENCH_SERVER_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const server = spawn(process.execPath, [...nodeFlags, path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(PORT)], {
    env: {
      ...process.env,
      DATABASE_URL: handle.url,
      PRISM_DEMO_DATA: "false",
      NEXTAUTH_SECRET: "bench-secret",
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const db = handle.db;
    const { project, running } = await runningAssignExperiment(db);
    const keys = await Promise.all(Array.from({ length: API_KEYS }, (_, i) => insertApiKey(db, project.id, `bench-${i}`)));
    await waitUntilUp(60_000);

    const assign = (i: number, body: string) =>
      request(
        "POST",
        `/api/v1/experiments/${running.key}/assign`,
        { authorization: `Bearer ${keys[i % API_KEYS].secretKey}`, "content-type": "application/json" },
        body,
      );
    // Warm-up (untimed, other users): loads the route, verifies the keys, prepares statements on each connection.
    await pool(WARMUP, CONCURRENCY, async (i) => void (await assign(i, JSON.stringify({ userId: `warmup-${i}`, attributes: { plan: "pro" } }))));
    await pool(WARMUP, CONCURRENCY, async () => void (await request("GET", "/api/health")));

    let healthFailures = 0;
    const baseline = await pool(CALLS, CONCURRENCY, async () => {
      if ((await request("GET", "/api/health")).status !== 200) healthFailures++;
    });
    let failures = 0;
    let logged = 0;
    const assigned = await pool(CALLS, CONCURRENCY, async (i) => {
      const res = await assign(i, assignBody(i));
      if (res.status !== 200) failures++;
      else if ((JSON.parse(res.body) as { exposureLogged?: boolean }).exposureLogged) logged++;
    });
    let batchErrors = 0;
    const batches = Math.ceil(CALLS / BATCH);
    const reported = await pool(batches, 4, async (b) => {
      const batch = Array.from({ length: Math.min(BATCH, CALLS - b * BATCH) }, (_, j) => {
        const userId = `sdk-${b * BATCH + j}`;
        const variantKey = bucketedVariant(running, userId).variant!.key;
        return { id: userId, type: "exposure", timestamp: new Date().toISOString(), body: { experimentKey: running.key, userId, variantKey } };
      });
      const res = await request(
        "POST",
        "/api/v1/ingest",
        { authorization: `Bearer ${keys[b % API_KEYS].secretKey}`, "content-type": "application/json" },
        JSON.stringify({ batch }),
      );
      batchErrors += res.status === 207 ? (JSON.parse(res.body) as { errors: unknown[] }).errors.length : batch.length;
    });
    const count = async (prefix: string) =>
      rowsOf<{ n: number }>(
        await db.execute(sql`
          select count(*)::int as n from experiment_exposures where experiment_id = ${running.id} and user_id like ${`${prefix}%`}`),
      )[0].n;

    return {
      driver: handle.driver,
      calls: CALLS,
      concurrency: CONCURRENCY,
      baselineHealthEndpoint: baseline,
      assignEndpoint: assigned,
      ratioThroughputToBaseline: +(assigned.requestsPerSecond / baseline.requestsPerSecond).toFixed(3),
      target: "≥ 2,000 req/s",
      sdkBatchedExposures: {
        batchSize: BATCH,
        exposuresPerSecond: Math.round(reported.requestsPerSecond * BATCH),
        p50MsPerBatch: reported.p50Ms,
        ratioToAssignCalls: +((reported.requestsPerSecond * BATCH) / assigned.requestsPerSecond).toFixed(2),
      },
      sanity: {
        non200: failures,
        healthNon200: healthFailures,
        exposuresLogged: logged,
        exposuresStored: await count("user-"),
        expectedExposures: expectedExposures(CALLS),
        batchItemErrors: batchErrors,
        batchedExposuresStored: await count("sdk-"),
      },
    };
  } finally {
    agent.destroy();
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await handle.close();
  }
}
