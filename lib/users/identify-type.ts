// The `identify` batch item: `{ userId, traits?, traitsOnce? }` at the item's timestamp (see ./traits.ts for the
// semantics). String values are masked by the project's PII rules (the same masker as traces) before storage.
import { z } from "zod";
import type { IngestType } from "@/lib/ingest/types";
import { getIngestConfig } from "@/lib/traces/store/ingest-config";
import { traitsSchema } from "./traits";
import { writeIdentifies } from "./store/identify";

const identifyBody = z
  .object({
    userId: z.string().min(1, "is required").max(200),
    traits: traitsSchema.optional(),
    traitsOnce: traitsSchema.optional(),
  })
  .refine((b) => b.traits !== undefined || b.traitsOnce !== undefined, { path: ["traits"], message: "traits or traitsOnce is required" });

export const identifyIngestType: IngestType<z.infer<typeof identifyBody>> = {
  type: "identify",
  body: identifyBody,
  async write(db, projectId, items) {
    const { masker } = await getIngestConfig(db, projectId);
    await writeIdentifies(
      db,
      projectId,
      items.map(({ id, timestamp, body }) => ({ id, timestamp, userId: body.userId, traits: body.traits, traitsOnce: body.traitsOnce })),
      (s) => masker.maskString(s),
    );
  },
};
