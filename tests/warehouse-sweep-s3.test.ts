// The orphan sweep on an S3-compatible store (a local s3rver): objects under the project's prefix that the manifest
// does not name are found by listing the bucket, page by page, even with no local copy, and deleted once an hour old by
// their LastModified; named objects, young ones and another project's stay.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { seededDatabase } from "./support/fixtures";
import { localObjectStore } from "./support/object-store";
import { events, projects } from "@/db/schema";
import { exportProjectEvents } from "@/lib/warehouse/export";
import { sweepOrphans } from "@/lib/warehouse/sweep";
import { validateManifest } from "@/lib/warehouse/validate";
import { allFiles } from "@/lib/warehouse/store/manifest";

const t = seededDatabase();
const BUCKET = "prism-sweep";
const PREFIX = "prod/tiers";
const store = localObjectStore(BUCKET, PREFIX);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = new Date("2026-03-18T15:00:00Z");

test("on an object store the sweep lists the prefix and deletes unnamed objects an hour old, with or without a local copy", { timeout: 120_000 }, async () => {
  const db = t.h.db;
  const projectId = t.org.project.id;
  await db.insert(events).values(Array.from({ length: 8 }, (_, d) => ({ projectId, id: `e${d}`, userId: `u${d % 3}`, name: "message_sent", timestamp: new Date(NOW.getTime() - (d + 1) * DAY) })));
  await db.update(projects).set({ warmTier: true, retentionDays: 3 }).where(eq(projects.id, projectId));
  await exportProjectEvents(db, projectId, { now: NOW });
  const named = [...new Set((await allFiles(db, projectId)).map((f) => f.path))].sort();
  expect(named).toHaveLength(8);

  // Planted on the store only (no local copy): a month file of a crashed re-compaction and a temp object of this
  // project, and another project's object under the same warehouse prefix.
  const orphans = [`${projectId}/events/month=2026-02/events-0123456789abcdef.parquet`, `${projectId}/events/event_date=2026-03-10/.events.parquet.tmp-a1b2c3`];
  const other = "00000000-0000-4000-8000-000000000001/events/event_date=2026-03-10/events.parquet";
  for (const key of [...orphans, other]) await store.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/${key}`, Body: "orphan" }));
  const head = await store.client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/${orphans[0]}` }));
  const written = head.LastModified!.getTime();

  // Within the hour (a write in flight): nothing goes. Pages of 3 keys: the 10 objects take 4 requests.
  expect((await sweepOrphans(db, projectId, { now: new Date(written + HOUR / 2), listPageSize: 3 })).deleted).toEqual([]);
  const swept = await sweepOrphans(db, projectId, { now: new Date(written + 2 * HOUR), listPageSize: 3 });
  expect(swept.deleted).toEqual([...orphans].sort());
  expect(swept.bytes).toBe(2 * "orphan".length);
  expect(await store.keys()).toEqual([...named, other].map((k) => `${PREFIX}/${k}`).sort());
  expect((await validateManifest(db, projectId)).problems).toEqual([]);
  expect((await sweepOrphans(db, projectId, { now: new Date(written + 2 * HOUR), listPageSize: 3 })).deleted).toEqual([]);
});
