// Nothing acknowledged is lost, and nothing is stored twice, when the ingesting process dies: a child process ingests
// OTLP batches while merging them, is killed with SIGKILL mid-stream (twice: once while still ingesting, once more
// after a restart that replays from a point before the kill), and a last process drains staging. Every acknowledged
// trace is then stored exactly once, whole, with totals matching its spans.
// PostgreSQL only: child processes cannot share a PGlite database with this one, and a file-backed PGlite boots too
// slowly three times over for the suite's budget (the pipeline code is the same on both).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { openPostgres, type DbHandle } from "@/db/client";
import { ingestStaging, observations, traces } from "@/db/schema";
import { seedOrg } from "./support/fixtures";
import { withDatabase } from "./support/postgres-url";
import { SPANS_PER_TRACE } from "./support/ingest-child";

const template = inject("dbTemplate");
let target = "";
let projectId = "";
let cleanup: () => Promise<void> = async () => {};

/** The database the child processes open by URL: a Postgres clone of the template. */
const open = (): Promise<DbHandle> => openPostgres(target, 2);

beforeAll(async () => {
  if (template.kind !== "postgres") return;
  const templateUrl = template.templateUrl;
  const name = `prism_test_kill_${randomBytes(5).toString("hex")}`;
  const admin = await openPostgres(templateUrl, 1);
  await admin.db.execute(`CREATE DATABASE "${name}" TEMPLATE "${new URL(templateUrl).pathname.slice(1)}"`);
  await admin.close();
  target = withDatabase(templateUrl, name);
  cleanup = async () => {
    const a = await openPostgres(templateUrl, 1);
    await a.db.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.close();
  };
  const h = await open();
  projectId = (await seedOrg(h.db)).project.id;
  await h.close();
});
afterAll(async () => cleanup());

function child(args: string[]): { proc: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join("tests", "support", "ingest-child.ts"), target, projectId, ...args], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let buffered = "";
  proc.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  let stderr = "";
  proc.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => {
    if (code) process.stderr.write(stderr);
    resolve(code);
  }));
  return { proc, lines, exited };
}

/** Waits (on the child's output, not the clock) until `ready(lines)`, then kills the child with SIGKILL. */
async function killWhen(c: ReturnType<typeof child>, ready: (lines: string[]) => boolean) {
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (ready(c.lines)) {
        c.proc.kill("SIGKILL");
        resolve();
      } else if (c.proc.exitCode !== null) reject(new Error(`child exited (${c.proc.exitCode}) before it was killed`));
      else setTimeout(check, 5);
    };
    check();
  });
  await c.exited;
}

const acked = (lines: string[]) => lines.filter((l) => l.startsWith("ack ")).map((l) => l.slice(4));
const merged = (lines: string[]) => lines.some((l) => l.startsWith("merged "));

test.skipIf(template.kind !== "postgres")("SIGKILL mid-stream loses no acknowledged span and stores none twice", { timeout: 120_000 }, async () => {
  const first = child(["ingest", "0"]);
  await killWhen(first, (lines) => acked(lines).length >= 60 && merged(lines));
  const before = acked(first.lines);

  // The restarted process replays from before the kill (a client resending what it may not have seen acknowledged).
  const second = child(["ingest", "40"]);
  await killWhen(second, (lines) => acked(lines).length >= 40);
  const ackedIds = new Set([...before, ...acked(second.lines)]);

  const drain = child(["drain"]);
  expect(await drain.exited).toBe(0);

  const h = await open();
  try {
    expect(await h.db.select({ id: ingestStaging.id }).from(ingestStaging)).toEqual([]);
    const stored = await h.db
      .select({ id: traces.id, count: traces.observationCount, tokens: traces.inputTokens, spans: sql<number>`(select count(*)::int from observations o where o.project_id = "traces"."project_id" and o.trace_id = "traces"."id")` })
      .from(traces)
      .where(eq(traces.projectId, projectId));
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const id of ackedIds) {
      expect(byId.get(id), id).toMatchObject({ count: SPANS_PER_TRACE, spans: SPANS_PER_TRACE, tokens: 7 * (SPANS_PER_TRACE - 1) });
    }
    // Traces staged but not yet acknowledged when the kill came may be stored too, but only whole.
    for (const row of stored) expect(Number(row.spans), row.id).toBe(SPANS_PER_TRACE);
    const [{ n }] = await h.db.select({ n: sql<number>`count(*)::int` }).from(observations).where(and(eq(observations.projectId, projectId)));
    expect(Number(n)).toBe(stored.length * SPANS_PER_TRACE);
  } finally {
    await h.close();
  }
});
