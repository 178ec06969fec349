import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { monitoringDriftRuns } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import { runDailyDrift, storedDriftRun } from "@/lib/monitoring/store/drift-runs";

const t = seededDatabase();
const DAY = 86_400_000;
const runDay = new Date(Date.UTC(2026, 10, 16));

const usual = ["How do I reset my password?", "Can I export my invoices as CSV?", "Why was my card declined?", "How do I invite a teammate?"];
/** The new topic of the current week, each prompt carrying an email address the ingest masking must remove. */
const refunds = (i: number) => `I want a refund for order ${1000 + i}, please write to customer${i}@example.com about the refund status`;

const generation = (id: string, day: number, i: number, text: string) => ({
  id,
  type: "observation-create",
  timestamp: new Date(runDay.getTime() - day * DAY + (i % 20) * 3_600_000).toISOString(),
  body: {
    traceId: `trace-${id}`, id, type: "generation", name: "chat", model: "gpt-4o-mini", usage: { input: 50, output: 20 },
    startTime: new Date(runDay.getTime() - day * DAY + (i % 20) * 3_600_000).toISOString(),
    input: [{ role: "system", content: "You are a support assistant." }, { role: "user", content: text }],
    output: "Done.",
  },
});

test("the stored drift run lists the over-represented prompt cluster with masked example prompts", async () => {
  const items = [];
  for (let i = 0; i < 120; i++) {
    const baseline = i % 2 === 0;
    const day = baseline ? 8 + (i % 6) : 1 + (i % 6); // 8..13 days back vs 1..6 days back
    // The current week: 40% of prompts are refund requests (with emails); the baseline has none.
    // The usual prompts in the same mix in both weeks (i / 2: every template on even and on odd i).
    const text = !baseline && i % 5 < 2 ? refunds(i) : usual[Math.floor(i / 2) % usual.length];
    items.push(generation(`g-${i}`, day, i, text));
  }
  const res = await call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch: items } });
  expect(res.json.errors).toEqual([]);

  await runDailyDrift(t.h.db, t.org.project.id, new Date(runDay.getTime() + 3_600_000));
  const run = await storedDriftRun(t.h.db, t.org.project.id, runDay);
  expect(run?.current.records).toBe(60);
  const clusters = run!.clusters!;
  expect(clusters.length).toBeGreaterThan(0);
  const refundShare = clusters.reduce((s, c) => s + c.currentShare, 0);
  expect(refundShare).toBeCloseTo(24 / 60, 5); // every listed cluster is refund requests, together all of them
  for (const c of clusters) {
    expect(c.referenceShare).toBe(0);
    expect(c.examples.length).toBeGreaterThan(0);
    expect(c.examples.length).toBeLessThanOrEqual(3);
    for (const e of c.examples) {
      // The user's message, as stored: masked at ingest, never the raw address (nor the system prompt).
      expect(e).toMatch(/^I want a refund for order \d+, please write to \[EMAIL\] about the refund status$/);
      expect(e).not.toContain("@example.com");
    }
  }
  expect(clusters.flatMap((c) => c.terms)).toContain("refund");
  expect(clusters.flatMap((c) => c.terms)).not.toContain("email"); // the mask placeholder is not a word
  // Nothing raw anywhere in the stored report.
  const [row] = await t.h.db.select({ report: monitoringDriftRuns.report }).from(monitoringDriftRuns).where(eq(monitoringDriftRuns.projectId, t.org.project.id));
  expect(JSON.stringify(row.report)).not.toContain("@example.com");
}, 60_000);
