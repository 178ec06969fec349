// Cost of per-project tracing settings at ingest: the same OTLP batches into a project with default settings and
// into one with 3 custom masking patterns, all built-in rules on and 20 price overrides (sampling kept at 1 so both
// store every span). Batches alternate between the two
// projects. Uses DATABASE_URL (PostgreSQL) when set, else in-memory PGlite.
import { openScratchDb } from "../scratch-db";
import { modelPriceOverrides, traceSettings } from "@/db/schema";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { decodeOtlpBody } from "@/lib/traces/otlp/body";
import { ingestOtlpRequest } from "@/lib/traces/otlp/ingest";
import { drainIngest } from "@/lib/traces/ingest/pipeline";
import { getIngestConfig } from "@/lib/traces/store/ingest-config";
import { sdkBatch } from "./ingest.bench";

const BATCHES = Number(process.env.BENCH_BATCHES ?? 12);

export default async function tracesSettingsIngestBench() {
  const handle = await openScratchDb("traces_settings");
  const org = await ensureOrganization(handle.db, "bench");
  const plain = await ensureProject(handle.db, org.id, "plain");
  const configured = await ensureProject(handle.db, org.id, "configured");
  await handle.db.insert(traceSettings).values({
    projectId: configured.id,
    sampleRate: 1,
    customPatterns: [
      { label: "order", pattern: "ORD-\\d{6}" },
      { label: "ticket", pattern: "TCK-[A-Z]{3}-\\d+", flags: "i" },
      { label: "account", pattern: "acct_[0-9a-f]{12}" },
    ],
  });
  await handle.db.insert(modelPriceOverrides).values(
    Array.from({ length: 20 }, (_, i) => ({
      projectId: configured.id,
      priceId: `own/model-${i}`,
      modelPattern: i === 0 ? "^gpt-4o-mini$" : `^own-model-${i}$`,
      inputPerToken: 1e-7 * (i + 1),
      outputPerToken: 4e-7 * (i + 1),
      effectiveFrom: new Date(Date.UTC(2025, i % 12, 1)),
    })),
  );
  const ms = { plain: 0, configured: 0 };
  const spans = { plain: 0, configured: 0 };
  for (let b = 0; b < BATCHES; b++) {
    const bytes = sdkBatch(b).protobuf;
    for (const [key, project] of (b % 2 === 0 ? [["plain", plain], ["configured", configured]] : [["configured", configured], ["plain", plain]]) as ["plain" | "configured", { id: string }][]) {
      const t0 = performance.now();
      const result = await ingestOtlpRequest(handle.db, project.id, decodeOtlpBody(bytes, "protobuf", null, 50_000_000));
      await drainIngest(handle.db); // accepted, then merged: the end-to-end cost
      ms[key] += performance.now() - t0;
      spans[key] += result.observations;
    }
  }
  // Settings lookups once cached (what every ingest request pays).
  const lookups = 100_000;
  const t1 = performance.now();
  for (let i = 0; i < lookups; i++) await getIngestConfig(handle.db, configured.id);
  const lookupUs = ((performance.now() - t1) * 1000) / lookups;
  await handle.close();
  const rate = (k: keyof typeof ms) => Math.round(spans[k] / (ms[k] / 1000));
  return {
    driver: handle.driver,
    batches: BATCHES,
    plainSpansPerSec: rate("plain"),
    configuredSpansPerSec: rate("configured"),
    configuredRatioToPlain: Number((rate("configured") / rate("plain")).toFixed(3)),
    cachedSettingsLookupMicros: Number(lookupUs.toFixed(3)),
    note: "configured: 3 custom patterns and 20 price overrides on top of the built-in rules and prices",
  };
}
