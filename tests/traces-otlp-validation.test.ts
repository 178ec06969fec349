// OTLP spans with malformed ids, times PostgreSQL cannot hold or that run backwards, and unbounded usage are
// rejected (or their unusable numbers dropped) instead of stored.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { postOtlp } from "./support/traces";
import { observations } from "@/db/schema";
import * as otel from "@/app/api/public/otel/v1/traces/route";
import { resourceSpans, span } from "@/tests/support/otlp-builders";

const t = seededDatabase();
const TRACE = "1af7651916cd43dd8448eb211c80319c";
const stored = async () =>
  (await t.h.db.select({ id: observations.id, traceId: observations.traceId }).from(observations).where(eq(observations.projectId, t.org.project.id)))
    .map((o) => `${o.traceId}/${o.id}`)
    .sort();

test("malformed ids, far or inverted times are rejected and counted; the valid span is stored", async () => {
  const spans = [
    span({ traceId: TRACE, spanId: "a000000000000001", name: "valid", durationMs: 50 }),
    span({ traceId: "zz", spanId: "a000000000000002" }),
    span({ traceId: "<script>alert(1)</script>", spanId: "a000000000000003" }),
    span({ traceId: TRACE, spanId: "AAE=" }), // base64 of a 2-byte id
    span({ traceId: TRACE, spanId: "a000000000000004", startMs: 500, durationMs: -400 }),
    { ...span({ traceId: TRACE, spanId: "a000000000000005" }), startTimeUnixNano: "253370764800000000000", endTimeUnixNano: "253370764800100000000" },
  ];
  const res = await postOtlp(otel.POST, JSON.stringify({ resourceSpans: resourceSpans(spans) }), { secret: t.org.apiKey.secretKey });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text()).partialSuccess.rejectedSpans).toBe("5");
  expect(await stored()).toEqual([`${TRACE}/a000000000000001`]);
});

test("token counts and client costs beyond any real call are dropped, the span is kept", async () => {
  const trace = "2af7651916cd43dd8448eb211c80319c";
  const spans = [span({ traceId: trace, spanId: "b000000000000001", attributes: { "gen_ai.usage.input_tokens": 1e18, "gen_ai.usage.cost": 1e308 } })];
  const res = await postOtlp(otel.POST, JSON.stringify({ resourceSpans: resourceSpans(spans) }), { secret: t.org.apiKey.secretKey });
  expect(res.status).toBe(200);
  const [row] = await t.h.db.select().from(observations).where(eq(observations.traceId, trace));
  expect(row.usageInput).toBeNull();
  expect(row.costTotal === null || row.costTotal < 1e6).toBe(true);
});

/** Deterministic text that does not compress (so an index cannot fit it into a btree page). */
function incompressible(length: number) {
  let x = 2463534242;
  let out = "";
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += String.fromCharCode(33 + ((x >>> 0) % 94));
  }
  return out;
}

test("a span the database refuses rejects only its own trace; other traces of the request are stored", async () => {
  const good = "3af7651916cd43dd8448eb211c80319c";
  const bad = "4af7651916cd43dd8448eb211c80319c";
  const spans = [
    // Too long for the btree index on the user id: PostgreSQL refuses the row (54000), whatever the retry.
    span({ traceId: bad, spanId: "c000000000000001", name: "root", attributes: { "prism.user.id": incompressible(12_000) } }),
    span({ traceId: bad, spanId: "c000000000000002", parentSpanId: "c000000000000001", name: "sibling" }),
    span({ traceId: good, spanId: "c000000000000003", name: "fine" }),
  ];
  const res = await postOtlp(otel.POST, JSON.stringify({ resourceSpans: resourceSpans(spans) }), { secret: t.org.apiKey.secretKey });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text()).partialSuccess.rejectedSpans).toBe("2");
  const rows = await stored();
  expect(rows).toContain(`${good}/c000000000000003`);
  expect(rows.filter((r) => r.startsWith(bad))).toEqual([]);
});
