// The feedback dead-letter path: an interaction whose item is not in the catalog yet is kept, retried with backoff
// by the personalization-feedback-retry job, stored once its item arrives, failed after its attempts, expired after
// its TTL, capped per project, and erased with its user.
import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { personalizationDeadLetters, personalizationInteractions } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { personalizationFeedbackRetry, PERSONALIZATION_FEEDBACK_RETRY_REQUESTED } from "@/inngest/functions/personalization-feedback-retry";
import { deadLetterCounts, retryDeadLetters } from "@/lib/personalization/store/dead-letters";
import { DEAD_LETTER_CAP, DEAD_LETTER_MAX_ATTEMPTS } from "@/lib/personalization/dead-letters";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const MIN = 60_000;
const post = (batch: unknown[], secret = t.org.apiKey.secretKey) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(secret), body: { batch } });
const letter = async (id: string) =>
  (await t.h.db.select().from(personalizationDeadLetters).where(and(eq(personalizationDeadLetters.projectId, t.org.project.id), eq(personalizationDeadLetters.id, id))))[0];

test("a refused interaction is retried with backoff and stored once its item arrives", async () => {
  const p = t.org.project.id;
  const at = "2026-11-20T10:00:00Z";
  const res = await post([{ id: "dl-1", type: "interaction", timestamp: at, body: { userId: "dl-user", itemId: "later-1", type: "like", locale: "fr-FR" } }]);
  expect(res.json.errors[0]).toMatchObject({ id: "dl-1", status: 404 });
  expect(res.json.errors[0].message).toMatch(/kept and retried with backoff/);
  const queued = await letter("dl-1");
  expect(queued).toMatchObject({ status: "pending", attempts: 0, userId: "dl-user", itemId: "later-1", reason: 'item "later-1" is not in the catalog yet' });

  // Not due yet: nothing happens. Due, item still missing: one more attempt, the next one twice as far away.
  const t0 = queued.nextAttemptAt.getTime();
  expect((await retryDeadLetters(t.h.db, p, new Date(t0 - 1))).due).toBe(0);
  expect(await retryDeadLetters(t.h.db, p, new Date(t0))).toMatchObject({ due: 1, recovered: 0, failed: 0 });
  expect(await letter("dl-1")).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: new Date(t0 + 2 * MIN) });

  // The item arrives; the job's next pass stores the interaction as it was sent.
  await post([{ id: "cat-later-1", type: "item", timestamp: at, body: { itemId: "later-1" } }]);
  const runner = new EmbeddedRunner(t.h.db, [personalizationFeedbackRetry], { log: () => {} });
  await runner.send({ name: PERSONALIZATION_FEEDBACK_RETRY_REQUESTED, data: { now: new Date(t0 + 2 * MIN).toISOString() }, id: "retry-1" });
  await runner.drain();
  expect(await letter("dl-1")).toMatchObject({ status: "recovered", attempts: 2 });
  const [stored] = await t.h.db.select().from(personalizationInteractions).where(and(eq(personalizationInteractions.projectId, p), eq(personalizationInteractions.id, "dl-1")));
  expect(stored).toMatchObject({ userId: "dl-user", itemId: "later-1", type: "like", locale: "fr-FR", occurredAt: new Date(at) });
  expect(await deadLetterCounts(t.h.db, p)).toMatchObject({ recovered: 1, pending: 0 });
});

test("after its last attempt a row is failed; after its TTL any row is deleted; erasing the user removes theirs", async () => {
  const p = t.org.project.id;
  const now = new Date("2026-11-25T00:00:00Z");
  const row = (id: string, userId: string, extra: object) => ({ projectId: p, id, userId, itemId: "never", body: { userId, itemId: "never", type: "play" }, occurredAt: now, reason: "r", nextAttemptAt: now, ...extra });
  await t.h.db.insert(personalizationDeadLetters).values([
    row("dl-last", "u-last", { attempts: DEAD_LETTER_MAX_ATTEMPTS - 1, createdAt: now }),
    row("dl-old", "u-old", { createdAt: new Date(now.getTime() - 8 * 86_400_000) }),
    row("dl-erase", "u-erase", { createdAt: now, nextAttemptAt: new Date(now.getTime() + 60 * MIN) }),
  ]);
  expect(await retryDeadLetters(t.h.db, p, now)).toMatchObject({ due: 1, failed: 1, expired: 1, recovered: 0 });
  expect(await letter("dl-last")).toMatchObject({ status: "failed", attempts: DEAD_LETTER_MAX_ATTEMPTS });
  expect(await letter("dl-old")).toBeUndefined();
  await deleteEndUser(t.h.db, p, "u-erase");
  expect(await letter("dl-erase")).toBeUndefined();
});

test("past the per-project cap refused interactions are not kept, and the reply says so", async () => {
  const other = await seedOrg(t.h.db);
  const now = new Date();
  const rows = Array.from({ length: DEAD_LETTER_CAP }, (_, k) => ({ projectId: other.project.id, id: `full-${k}`, userId: "u", itemId: "never", body: {}, occurredAt: now, reason: "r", nextAttemptAt: now }));
  for (let k = 0; k < rows.length; k += 2000) await t.h.db.insert(personalizationDeadLetters).values(rows.slice(k, k + 2000));
  const res = await post([{ id: "one-more", type: "interaction", timestamp: now.toISOString(), body: { userId: "u", itemId: "never", type: "view" } }], other.apiKey.secretKey);
  expect(res.json.errors[0].message).toMatch(/not kept for retry: the project's retry queue is full$/);
  expect(await deadLetterCounts(t.h.db, other.project.id)).toMatchObject({ pending: DEAD_LETTER_CAP });
}, 60_000);
