// The cost of checking product events against the event catalog at ingest: the same batches through ingestBatch for
// three projects whose contract modes are off, warn and enforce (catalog/demo.yaml, one event in 20 violating its
// schema), interleaved in a rotating order so warm-up and drift hit every mode alike. Reports events/s per mode and the ratio to off.
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { ingestBatch } from "@/lib/ingest/batch";
import { shippedCatalog } from "@/lib/catalog/shipped";
import { saveCatalog } from "@/lib/catalog/store/catalogs";
import { invalidateIngestContract } from "@/lib/catalog/ingest-contract";
import type { ContractMode } from "@/lib/catalog/definition";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 30_000);
const BATCH = 1000;
const MODES: ContractMode[] = ["off", "warn", "enforce"];

function item(i: number) {
  const bad = i % 20 === 1;
  return {
    id: `e-${i}`,
    type: "event",
    timestamp: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    body: { name: i % 5 ? "message_sent" : "session_started", userId: `u${i % 5000}`, sessionId: `s${i % 20000}`, properties: i % 5 ? { latencyMs: bad ? "slow" : i % 3000 } : { plan: "pro" } },
  };
}

export default async function contractIngestBench() {
  const handle = await openScratchDb("catalog");
  const org = await ensureOrganization(handle.db, "bench");
  const catalog = shippedCatalog("demo");
  const projects = new Map<ContractMode, string>();
  for (const mode of MODES) {
    const project = await ensureProject(handle.db, org.id, `bench-${mode}`);
    await saveCatalog(handle.db, project.id, { ...catalog, mode }, new Date());
    await invalidateIngestContract(project.id);
    projects.set(mode, project.id);
  }
  const ms = new Map<ContractMode, number>(MODES.map((m) => [m, 0]));
  let refused = 0;
  for (let start = 0; start < TOTAL; start += BATCH) {
    // The order rotates every round, so no mode always runs first (right after the previous round's writes).
    const round = start / BATCH;
    for (const mode of MODES.map((_, k) => MODES[(k + round) % MODES.length])) {
      const batch = Array.from({ length: BATCH }, (_, k) => item(start + k));
      const t0 = performance.now();
      const result = await ingestBatch(handle.db, projects.get(mode)!, { batch });
      ms.set(mode, ms.get(mode)! + performance.now() - t0);
      if (mode === "enforce") refused += result.errors.length;
      else if (result.errors.length) throw new Error(result.errors[0].message);
    }
  }
  await handle.close();
  const perSec = (m: ContractMode) => Math.round(TOTAL / (ms.get(m)! / 1000));
  return {
    driver: handle.driver,
    events: TOTAL,
    offPerSec: perSec("off"),
    warnPerSec: perSec("warn"),
    enforcePerSec: perSec("enforce"),
    warnRatioToOff: Number((ms.get("off")! / ms.get("warn")!).toFixed(3)),
    enforceRatioToOff: Number((ms.get("off")! / ms.get("enforce")!).toFixed(3)),
    enforceRefused: refused,
  };
}
