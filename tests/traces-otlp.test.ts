import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { postOtlp, sdkProtobuf } from "./support/traces";
import { observations, traces } from "@/db/schema";
import * as otel from "@/app/api/public/otel/v1/traces/route";
import * as alias from "@/app/v1/traces/route";
import { resourceSpans, span } from "@/tests/support/otlp-builders";

const t = seededDatabase();
const key = () => t.org.apiKey.secretKey;
const traceRow = async (id: string) =>
  (await t.h.db.select().from(traces).where(and(eq(traces.projectId, t.org.project.id), eq(traces.id, id))))[0];
const observationRows = (traceId: string) =>
  t.h.db.select().from(observations).where(and(eq(observations.projectId, t.org.project.id), eq(observations.traceId, traceId)));

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const chatPayload = (output = "The answer is 42.", traceId = TRACE) => ({
  resourceSpans: resourceSpans(
    [
      span({ traceId, spanId: "b7ad6b7169203331", name: "answer-question", durationMs: 900, attributes: { "prism.user.id": "u-1", "prism.session.id": "s-1", "prism.tags": ["beta"] } }),
      span({
        traceId,
        spanId: "b7ad6b7169203332",
        parentSpanId: "b7ad6b7169203331",
        name: "chat gpt-4o-mini",
        startMs: 100,
        durationMs: 700,
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.request.model": "gpt-4o-mini",
          "gen_ai.usage.input_tokens": 1000,
          "gen_ai.usage.output_tokens": 200,
          "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Mail me at jane.doe@example.com" }] }]),
          "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: output }] }]),
        },
      }),
    ],
    { "service.name": "support-bot", "deployment.environment.name": "production" },
  ),
});

test("OTLP/JSON is stored with masking, computed cost and rolled-up totals", async () => {
  const res = await postOtlp(otel.POST, JSON.stringify(chatPayload()), { secret: key() });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(JSON.parse(res.text())).toEqual({});
  const tr = await traceRow(TRACE);
  expect(tr).toMatchObject({ name: "answer-question", userId: "u-1", sessionId: "s-1", environment: "production", tags: ["beta"], hasRoot: true, observationCount: 2, inputTokens: 1000, outputTokens: 200, totalTokens: 1200, latencyMs: 900 });
  expect(tr.totalCost).toBeGreaterThan(0);
  const obs = await observationRows(TRACE);
  const gen = obs.find((o) => o.type === "generation")!;
  expect(gen.costSource).toBe("computed");
  expect(gen.costTotal).toBeCloseTo(tr.totalCost, 12);
  expect(JSON.stringify(gen.input)).toContain("[EMAIL]");
  expect(JSON.stringify(gen.input)).not.toContain("jane.doe@example.com");
});

test("replaying the same spans changes nothing; an updated span merges its output", async () => {
  // Store the trace here too (the first test stores the same spans), so this test stands alone in any order.
  expect((await postOtlp(otel.POST, JSON.stringify(chatPayload()), { secret: key() })).status).toBe(200);
  const before = { trace: await traceRow(TRACE), obs: await observationRows(TRACE) };
  await postOtlp(otel.POST, JSON.stringify(chatPayload()), { secret: key() });
  expect(await traceRow(TRACE)).toEqual(before.trace);
  expect(await observationRows(TRACE)).toEqual(before.obs);
  await postOtlp(otel.POST, JSON.stringify(chatPayload("Updated answer.")), { secret: key() });
  const obs = await observationRows(TRACE);
  expect(obs).toHaveLength(2);
  expect(JSON.stringify(obs.find((o) => o.type === "generation")!.output)).toContain("Updated answer.");
  expect((await traceRow(TRACE)).totalCost).toBeCloseTo(before.trace.totalCost, 12);
});

test("protobuf from the OpenTelemetry SDK, gzipped or not, through the route and its /v1/traces alias", async () => {
  const { bytes, traceId } = await sdkProtobuf({
    name: "rag-pipeline",
    attributes: { "prism.user.id": "u-proto" },
    children: [
      { name: "retrieve", attributes: { "openinference.span.kind": "RETRIEVER" } },
      { name: "chat", attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 50, "gen_ai.usage.output_tokens": 5 }, error: "upstream timeout", events: [{ name: "retry", attributes: { attempt: 2 } }] },
    ],
  });
  const res = await postOtlp(otel.POST, bytes, { secret: key(), contentType: "application/x-protobuf", gzip: true });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/x-protobuf");
  expect(res.bytes.length).toBe(0); // an empty ExportTraceServiceResponse: full success
  const tr = await traceRow(traceId);
  expect(tr).toMatchObject({ name: "rag-pipeline", userId: "u-proto", environment: "default", level: "ERROR", observationCount: 3, inputTokens: 50, outputTokens: 5 });
  expect(tr.metadata).toMatchObject({ "service.name": "sdk-test" });
  const obs = await observationRows(traceId);
  const chat = obs.find((o) => o.name === "chat")!;
  expect(chat).toMatchObject({ type: "generation", model: "gpt-4o", level: "ERROR", statusMessage: "upstream timeout" });
  expect(chat.events).toEqual([expect.objectContaining({ name: "retry", attributes: { attempt: 2 } })]);
  expect(obs.find((o) => o.name === "retrieve")!.type).toBe("retrieval");
  expect(obs.find((o) => o.name === "chat")!.parentObservationId).toBe(obs.find((o) => o.name === "rag-pipeline")!.id);

  const again = await postOtlp(alias.POST, bytes, { secret: key(), contentType: "application/x-protobuf", path: "/v1/traces" });
  expect(again.status).toBe(200);
  expect(await observationRows(traceId)).toHaveLength(3);
});

test("spans without ids are reported as a partial success", async () => {
  const payload = { resourceSpans: resourceSpans([span({ traceId: "", name: "bad" }), span({ traceId: "1af7651916cd43dd8448eb211c80319c", spanId: "c7ad6b7169203331", name: "good" })]) };
  const res = await postOtlp(otel.POST, JSON.stringify(payload), { secret: key() });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text())).toEqual({ partialSuccess: { rejectedSpans: "1", errorMessage: expect.stringMatching(/rejected/) } });
  // The good span is stored as its own trace; the bad one left nothing behind.
  expect(await traceRow("1af7651916cd43dd8448eb211c80319c")).toMatchObject({ name: "good", observationCount: 1 });
  expect((await observationRows("1af7651916cd43dd8448eb211c80319c")).map((o) => o.name)).toEqual(["good"]);
  expect(await t.h.db.select().from(observations).where(and(eq(observations.projectId, t.org.project.id), eq(observations.name, "bad")))).toEqual([]);
});

test("bad keys, bad bodies, unknown types and oversized bodies are refused with clear errors", async () => {
  const body = JSON.stringify(chatPayload());
  expect((await postOtlp(otel.POST, body, {})).status).toBe(401);
  expect((await postOtlp(otel.POST, body, { secret: "sk-prism-wrong" })).status).toBe(401);
  const notJson = await postOtlp(otel.POST, "{nope", { secret: key() });
  expect(notJson.status).toBe(400);
  expect(JSON.parse(notJson.text()).error.message).toBe("Body is not valid JSON");
  const badProto = await postOtlp(otel.POST, Uint8Array.from([0x0a, 0xff, 0x01]), { secret: key(), contentType: "application/x-protobuf" });
  expect(badProto.status).toBe(400);
  const badType = await postOtlp(otel.POST, body, { secret: key(), contentType: "text/plain" });
  expect(JSON.parse(badType.text()).error.message).toMatch(/^content-type:/);
  const wrongShape = await postOtlp(otel.POST, JSON.stringify({ resourceSpans: 3 }), { secret: key() });
  expect(JSON.parse(wrongShape.text()).error.message).toMatch(/^resourceSpans:/);
  // 11 MB of zeros gzip to a few KB: the decompressed size is what counts.
  const bomb = await postOtlp(otel.POST, new Uint8Array(11_000_000), { secret: key(), contentType: "application/x-protobuf", gzip: true });
  expect(bomb.status).toBe(413);
});

test("text PostgreSQL cannot store (NUL, lone surrogates) is replaced, not fatal; quotes, backslashes and tags survive", async () => {
  const traceId = "2af7651916cd43dd8448eb211c80319c";
  const payload = {
    resourceSpans: resourceSpans([
      span({ traceId, spanId: "d7ad6b7169203331", name: "odd\u0000name \ud800", attributes: { "prism.tags": ['say "hi"', "back\\slash", "{braces,comma}"], "input.value": 'literal \\u0000 and {"json": "\\"quoted\\""} 😀' } }),
      span({ traceId, spanId: "d7ad6b7169203332", parentSpanId: "d7ad6b7169203331", name: "good neighbour", attributes: { "output.value": "fine" } }),
    ]),
  };
  const res = await postOtlp(otel.POST, JSON.stringify(payload), { secret: key() });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text())).toEqual({});
  const tr = await traceRow(traceId);
  expect(tr).toMatchObject({ name: "odd\ufffdname \ufffd", observationCount: 2 });
  expect([...tr.tags].sort()).toEqual(['say "hi"', "back\\slash", "{braces,comma}"].sort());
  const obs = await observationRows(traceId);
  expect(obs.map((o) => o.name).sort()).toEqual(["good neighbour", "odd\ufffdname \ufffd"]);
  expect(obs.find((o) => o.name === "odd\ufffdname \ufffd")!.input).toBe('literal \\u0000 and {"json": "\\"quoted\\""} 😀');
});

// The trace-total rule lives once, in the SQL that production runs (lib/traces/store/rollup.ts): model calls are the
// billable unit, wrapper spans that repeat their children's usage are not added again, and a trace whose usage sits
// only on other spans sums those.
test("trace totals count model calls, not an aggregating wrapper span; without model calls the other spans are summed", async () => {
  const [WITH_CALL, WRAPPER_ONLY] = ["4bf92f3577b34da6a3ce929d0e0e4736", "4bf92f3577b34da6a3ce929d0e0e4737"];
  const wrapper = (traceId: string) =>
    span({
      traceId,
      spanId: "a000000000000001",
      name: "ai.generateText",
      durationMs: 900,
      attributes: { "ai.operationId": "ai.generateText", "ai.model.id": "gpt-4o", "ai.usage.inputTokens": 180, "ai.usage.outputTokens": 40, "ai.usage.totalTokens": 220 },
    });
  const call = span({
    traceId: WITH_CALL,
    spanId: "a000000000000002",
    parentSpanId: "a000000000000001",
    name: "ai.generateText.doGenerate",
    startMs: 10,
    attributes: {
      "ai.operationId": "ai.generateText.doGenerate",
      "ai.model.id": "gpt-4o",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 120,
      "gen_ai.usage.output_tokens": 25,
    },
  });
  const body = { resourceSpans: resourceSpans([wrapper(WITH_CALL), call, wrapper(WRAPPER_ONLY)], { "service.name": "rollup-rule" }) };
  expect((await postOtlp(otel.POST, JSON.stringify(body), { secret: key() })).status).toBe(200);

  const types = Object.fromEntries((await observationRows(WITH_CALL)).map((o) => [o.name, o.type]));
  expect(types).toEqual({ "ai.generateText": "span", "ai.generateText.doGenerate": "generation" });
  const withCall = await traceRow(WITH_CALL);
  expect([withCall.inputTokens, withCall.outputTokens, withCall.totalTokens]).toEqual([120, 25, 145]);
  const wrapperOnly = await traceRow(WRAPPER_ONLY);
  expect([wrapperOnly.inputTokens, wrapperOnly.outputTokens, wrapperOnly.totalTokens]).toEqual([180, 40, 220]);
});
