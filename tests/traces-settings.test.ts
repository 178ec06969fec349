import { expect, test } from "vitest";
import { and, eq, like } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { postOtlp } from "./support/traces";
import { auditLog, observations, traces } from "@/db/schema";
import * as otel from "@/app/api/public/otel/v1/traces/route";
import * as ingest from "@/app/api/v1/ingest/route";
import * as settingsRoute from "@/app/api/v1/trace-settings/route";
import * as pricesRoute from "@/app/api/v1/model-prices/route";
import * as priceRoute from "@/app/api/v1/model-prices/[rowId]/route";
import { resourceSpans, span } from "@/tests/support/otlp-builders";
import { shouldKeepTrace } from "@/lib/traces/sampling";

const t = seededDatabase();
const owner = () => t.org.users.owner.id;
const batch = (items: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch: items } });
const otlp = (payload: unknown) => postOtlp(otel.POST, JSON.stringify(payload), { secret: t.org.apiKey.secretKey });
const putSettings = (body: unknown) => call(settingsRoute.PUT, "/api/v1/trace-settings", { method: "PUT", body, as: owner() });
const obsRows = (traceId: string) =>
  t.h.db.select().from(observations).where(and(eq(observations.projectId, t.org.project.id), eq(observations.traceId, traceId)));
const traceExists = async (id: string) =>
  (await t.h.db.select({ id: traces.id }).from(traces).where(and(eq(traces.projectId, t.org.project.id), eq(traces.id, id)))).length === 1;
const audits = (prefix: string) => t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, t.org.org.id), like(auditLog.action, `${prefix}%`)));

const masking = (over: Record<string, unknown> = {}) => ({ enabled: true, rules: {}, customPatterns: [], dropPayloads: false, ...over });
const hex = (n: number, len = 32) => n.toString(16).padStart(len, "0");

function generationSpan(traceId: string, input: string, extra: Record<string, unknown> = {}) {
  return {
    resourceSpans: resourceSpans([
      span({
        traceId,
        spanId: hex(1, 16),
        name: "chat",
        attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 200, "input.value": input, "output.value": "ok", ...extra },
      }),
    ]),
  };
}
const batchGeneration = (itemId: string, traceId: string, input: string) => ({
  id: itemId,
  type: "observation-create",
  timestamp: "2025-07-01T12:00:00.000Z",
  body: { traceId, id: itemId, type: "generation", name: "chat", model: "gpt-4o-mini", usage: { input: 1000, output: 200 }, input, output: "ok" },
});

test("defaults are returned for a project without settings", async () => {
  const fresh = await seedOrg(t.h.db); // a project of its own: other tests here change the shared one's settings
  const res = await call(settingsRoute.GET, "/api/v1/trace-settings", { as: fresh.users.owner.id });
  expect(res.status).toBe(200);
  expect(res.json.settings).toMatchObject({ sampleRate: 1, masking: { enabled: true, rules: { email: true, secret: true, ip: true, card: true, phone: true }, customPatterns: [], dropPayloads: false } });
});

test("an invalid custom pattern is refused with a 400 naming it, and nothing changes", async () => {
  const fresh = await seedOrg(t.h.db); // a project without settings, whatever the other tests did to the shared one
  const as = fresh.users.owner.id;
  const res = await call(settingsRoute.PUT, "/api/v1/trace-settings", {
    method: "PUT", as, body: { sampleRate: 0.5, masking: masking({ customPatterns: [{ label: "ok", pattern: "A+" }, { label: "broken-order", pattern: "ORD-(\\d+" }] }) },
  });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.json.error)).toContain("broken-order");
  const after = await call(settingsRoute.GET, "/api/v1/trace-settings", { as });
  expect(after.json.settings).toMatchObject({ sampleRate: 1, updatedAt: null, masking: { customPatterns: [] } });
  expect(await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, fresh.org.id), like(auditLog.action, "trace_settings%")))).toHaveLength(0);
});

test("a custom pattern the linear-time matcher refuses (backreference, lookaround) gets a 400 naming it and changes nothing", async () => {
  for (const pattern of ["(\\w)\\1", "secret(?=:)"]) {
    const res = await putSettings({ sampleRate: 0.5, masking: masking({ customPatterns: [{ label: "backtracker", pattern }] }) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error)).toContain("backtracker");
  }
  const after = await call(settingsRoute.GET, "/api/v1/trace-settings", { as: owner() });
  expect(after.json.settings).toMatchObject({ sampleRate: 1, updatedAt: null, masking: { customPatterns: [] } });
});

test("a model-price pattern the linear-time matcher refuses gets a 400 naming it and stores nothing", async () => {
  const price = { id: "own/lookahead", modelPattern: "^gpt-4o(?!-mini)$", inputPerToken: 1, outputPerToken: 1, inputIncludesCache: true, effectiveFrom: "2025-01-01" };
  const res = await call(pricesRoute.POST, "/api/v1/model-prices", { method: "POST", body: price, as: owner() });
  expect(res.status).toBe(400);
  expect(res.json.error.message).toContain("^gpt-4o(?!-mini)$");
  expect((await call(pricesRoute.GET, "/api/v1/model-prices", { as: owner() })).json.overrides).toEqual([]);
});

test("rule toggles and custom patterns apply on the OTLP and batch paths alike", async () => {
  const auditsBefore = (await audits("trace_settings.updated")).length;
  const res = await putSettings({ sampleRate: 1, masking: masking({ rules: { email: false }, customPatterns: [{ label: "order", pattern: "ORD-\\d+" }] }) });
  expect(res.status).toBe(200);
  expect(res.json.settings.masking.rules.email).toBe(false);
  expect(await audits("trace_settings.updated")).toHaveLength(auditsBefore + 1);
  const text = "Order ORD-12345 for jane@example.com, key sk-abcdefghijklmnopqrstuvwxyz0123";

  const otlpTrace = hex(0xa1);
  expect((await otlp(generationSpan(otlpTrace, text))).status).toBe(200);
  const [o] = await obsRows(otlpTrace);
  expect(JSON.stringify(o.input)).toContain("[CUSTOM:order]");
  expect(JSON.stringify(o.input)).toContain("jane@example.com");
  expect(JSON.stringify(o.input)).not.toContain("ORD-12345");

  const batchTrace = "batch-mask-1";
  const b = await batch([batchGeneration("gen-mask-1", batchTrace, text)]);
  expect(b.json.errors).toEqual([]);
  const [g] = await obsRows(batchTrace);
  expect(JSON.stringify(g.input)).toContain("[CUSTOM:order]");
  expect(JSON.stringify(g.input)).toContain("jane@example.com");
  // Another built-in rule stays on.
  expect(JSON.stringify(g.input)).not.toContain("sk-abcdefghijklmnopqrstuvwxyz0123");
});

test("dropPayloads removes input and output on both paths", async () => {
  expect((await putSettings({ sampleRate: 1, masking: masking({ dropPayloads: true }) })).status).toBe(200);
  const otlpTrace = hex(0xa2);
  await otlp(generationSpan(otlpTrace, "secret prompt"));
  const [o] = await obsRows(otlpTrace);
  expect(o.input ?? null).toBeNull();
  expect(o.output ?? null).toBeNull();
  await batch([batchGeneration("gen-drop-1", "batch-drop-1", "secret prompt")]);
  const [g] = await obsRows("batch-drop-1");
  expect(g.input ?? null).toBeNull();
  expect(g.output ?? null).toBeNull();
});

test("the sampling rate keeps or drops whole traces by id on both paths", async () => {
  expect((await putSettings({ sampleRate: 0.5, masking: masking() })).status).toBe(200);
  const ids = Array.from({ length: 40 }, (_, i) => hex(0xb000 + i));
  const kept = ids.filter((id) => shouldKeepTrace(id, 0.5));
  expect(kept.length).toBeGreaterThan(5);
  expect(kept.length).toBeLessThan(35);
  for (const id of ids) await otlp(generationSpan(id, "hello"));
  for (const id of ids) expect(await traceExists(id), id).toBe(kept.includes(id));

  const batchIds = ids.map((id) => `b-${id}`);
  const res = await batch(
    batchIds.flatMap((id) => [
      { id: `t-${id}`, type: "trace-create", timestamp: "2025-07-01T12:00:00.000Z", body: { id, name: "sampled" } },
      batchGeneration(`o-${id}`, id, "hello"),
    ]),
  );
  // Sampled-out items are accepted, just not stored.
  expect(res.status).toBe(207);
  expect(res.json.errors).toEqual([]);
  expect(res.json.successes).toHaveLength(batchIds.length * 2);
  for (const id of batchIds) {
    expect(await traceExists(id), id).toBe(shouldKeepTrace(id, 0.5));
    expect((await obsRows(id)).length).toBe(shouldKeepTrace(id, 0.5) ? 1 : 0);
  }
  expect((await putSettings({ sampleRate: 1, masking: masking() })).status).toBe(200);
});

test("model price overrides win over the defaults from their effective date, on both paths", async () => {
  const defaults = await call(pricesRoute.GET, "/api/v1/model-prices", { as: owner() });
  expect(defaults.json.defaults.length).toBeGreaterThan(5);
  expect(defaults.json.overrides).toEqual([]);
  const price = { id: "own/gpt-4o-mini", modelPattern: "^gpt-4o-mini$", inputPerToken: 0.001, outputPerToken: 0.002, inputIncludesCache: true, effectiveFrom: "2025-01-01" };
  const created = await call(pricesRoute.POST, "/api/v1/model-prices", { method: "POST", body: price, as: owner() });
  expect(created.status).toBe(201);
  // A later price of the same id does not apply to spans before its date.
  const future = await call(pricesRoute.POST, "/api/v1/model-prices", { method: "POST", body: { ...price, inputPerToken: 1, effectiveFrom: "2030-01-01" }, as: owner() });
  expect(future.status).toBe(201);
  expect((await call(pricesRoute.POST, "/api/v1/model-prices", { method: "POST", body: price, as: owner() })).status).toBe(409);
  const invalid = await call(pricesRoute.POST, "/api/v1/model-prices", { method: "POST", body: { ...price, modelPattern: "gpt" }, as: owner() });
  expect(invalid.status).toBe(400);
  expect(invalid.json.error.message).toContain("modelPattern");

  const expected = 1000 * 0.001 + 200 * 0.002;
  const otlpTrace = hex(0xc1);
  await otlp(generationSpan(otlpTrace, "price me"));
  const [o] = await obsRows(otlpTrace);
  expect(o.priceId).toBe("own/gpt-4o-mini");
  expect(o.costTotal).toBeCloseTo(expected, 12);
  await batch([batchGeneration("gen-price-1", "batch-price-1", "price me")]);
  const [g] = await obsRows("batch-price-1");
  expect(g.priceId).toBe("own/gpt-4o-mini");
  expect(g.costTotal).toBeCloseTo(expected, 12);

  // Editing and deleting take effect at once and are audited.
  const rowId = created.json.price.rowId;
  const edited = await call(priceRoute.PUT, `/api/v1/model-prices/${rowId}`, { method: "PUT", body: { ...price, outputPerToken: 0 }, as: owner(), params: { rowId } });
  expect(edited.status).toBe(200);
  await batch([batchGeneration("gen-price-2", "batch-price-2", "price me")]);
  expect((await obsRows("batch-price-2"))[0].costTotal).toBeCloseTo(1, 12);
  expect((await call(priceRoute.DELETE, `/api/v1/model-prices/${rowId}`, { method: "DELETE", as: owner(), params: { rowId } })).status).toBe(204);
  expect((await call(priceRoute.DELETE, `/api/v1/model-prices/${rowId}`, { method: "DELETE", as: owner(), params: { rowId } })).status).toBe(404);
  await batch([batchGeneration("gen-price-3", "batch-price-3", "price me")]);
  const [d] = await obsRows("batch-price-3");
  expect(d.priceId).not.toBe("own/gpt-4o-mini");
  expect(d.costTotal).toBeGreaterThan(0);
  expect((await audits("model_price.")).map((a) => a.action).sort()).toEqual(["model_price.created", "model_price.created", "model_price.deleted", "model_price.updated"]);
});
