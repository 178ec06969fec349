// Exposures reported in bulk by SDKs that assign locally: through the real batch route, checked against the
// experiment's own hashing, stored once, and counted by the results like /assign's.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { twoVariantExperiment } from "./support/experiments";
import { experimentExposures } from "@/db/schema";
import { assignVariant } from "@/lib/experiments/assignment";
import { changeStatus } from "@/lib/experiments/store/experiments";
import * as ingest from "@/app/api/v1/ingest/route";
import * as assign from "@/app/api/v1/experiments/[key]/assign/route";
import * as definition from "@/app/api/v1/experiments/[key]/definition/route";

const t = seededDatabase();
const post = (batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch } });
/** What a GrowthBook-compatible SDK computes on its own for a 50/50 control/b experiment seeded by its key. */
const sdkVariant = (key: string, userId: string) => assignVariant({ key, variants: ["control", "b"], weights: [0.5, 0.5] }, userId).variantKey!;
const exposure = (id: string, experimentKey: string, userId: string, variantKey: string, timestamp = "2026-11-20T10:00:00Z") => ({
  id,
  type: "exposure",
  timestamp,
  body: { experimentKey, userId, variantKey },
});

test("locally assigned exposures are stored once, wrong variants and unknown or idle experiments are refused", async () => {
  const { h, org } = t;
  const actor = { userId: org.users.admin.id, email: org.users.admin.email, orgId: org.org.id, projectId: org.project.id };
  const exp = await twoVariantExperiment(h.db, org, "sdk-local", ["thumbs_up_rate"]);
  const draft = await post([exposure("x0", "sdk-local", "u-0", sdkVariant("sdk-local", "u-0"))]);
  expect(draft.json.errors).toEqual([{ id: "x0", status: 409, message: 'experiment "sdk-local" is draft; only running experiments log exposures' }]);
  await changeStatus(h.db, actor, "sdk-local", "start");

  // The SDK reads what it needs with the API key, and assigns from it exactly as the server does.
  const read = await call(definition.GET, "/api/v1/experiments/sdk-local/definition", { headers: bearer(org.apiKey.secretKey), params: { key: "sdk-local" } });
  expect(read.json).toEqual({
    key: "sdk-local",
    status: "running",
    hashVersion: 2,
    seed: "sdk-local",
    coverage: 1,
    namespace: null,
    targeting: expect.anything(),
    variants: [
      { key: "control", weight: 0.5, parameters: {} },
      { key: "b", weight: 0.5, parameters: {} },
    ],
  });
  const fromDefinition = (userId: string) =>
    assignVariant({ key: read.json.key, seed: read.json.seed, variants: read.json.variants.map((v: { key: string }) => v.key), weights: read.json.variants.map((v: { weight: number }) => v.weight), coverage: read.json.coverage }, userId).variantKey;
  expect(["u-1", "u-2", "u-3"].map(fromDefinition)).toEqual(["u-1", "u-2", "u-3"].map((u) => sdkVariant("sdk-local", u)));
  const unknown = await call(definition.GET, "/x", { headers: bearer(org.apiKey.secretKey), params: { key: "nope" } });
  expect(unknown.status).toBe(404);

  const users = Array.from({ length: 40 }, (_, i) => `sdk-user-${i}`);
  const other = (v: string) => (v === "control" ? "b" : "control");
  const res = await post([
    ...users.map((u, i) => exposure(`ok-${i}`, "sdk-local", u, sdkVariant("sdk-local", u))),
    exposure("dup-0", "sdk-local", users[0], sdkVariant("sdk-local", users[0]), "2026-11-20T11:00:00Z"),
    exposure("wrong", "sdk-local", "sdk-user-x", other(sdkVariant("sdk-local", "sdk-user-x"))),
    exposure("missing", "no-such-experiment", "sdk-user-y", "control"),
    exposure("future", "sdk-local", "sdk-user-z", sdkVariant("sdk-local", "sdk-user-z"), new Date(Date.now() + 3_600_000).toISOString()),
    { id: "bad", type: "exposure", timestamp: "2026-11-20T10:00:00Z", body: { experimentKey: "sdk-local", userId: "u" } },
  ]);
  expect(res.status).toBe(207);
  expect(res.json.successes.map((s: { id: string }) => s.id)).toEqual([...users.map((_, i) => `ok-${i}`), "dup-0"]);
  const expected = sdkVariant("sdk-local", "sdk-user-x");
  expect(res.json.errors).toEqual([
    { id: "bad", status: 400, message: "body.variantKey: Invalid input: expected string, received undefined" },
    { id: "wrong", status: 400, message: `body.variantKey: "${other(expected)}" is not what the experiment assigns this user ("${expected}")` },
    { id: "missing", status: 404, message: 'No experiment "no-such-experiment"' },
    { id: "future", status: 400, message: "timestamp: is in the future" },
  ]);

  const rows = await h.db.select().from(experimentExposures).where(eq(experimentExposures.experimentId, exp.id));
  expect(rows).toHaveLength(users.length);
  // The first report wins: the later duplicate did not move the user's first exposure.
  expect(rows.find((r) => r.userId === users[0])!.firstExposedAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
  expect(new Set(rows.map((r) => r.variantKey))).toEqual(new Set(["control", "b"]));

  // /assign agrees with the SDK and, for a user already reported, logs nothing new.
  const again = await call(assign.POST, "/api/v1/experiments/sdk-local/assign", {
    method: "POST",
    headers: bearer(org.apiKey.secretKey),
    body: { userId: users[1] },
    params: { key: "sdk-local" },
  });
  expect(again.json).toMatchObject({ variant: { key: sdkVariant("sdk-local", users[1]) }, exposureLogged: false });
});
