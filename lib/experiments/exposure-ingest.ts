/**
 * Exposures in the batch API (`type: "exposure"`): for SDKs that assign locally (the hashing is the GrowthBook SDKs',
 * so they agree with /assign) and report first exposures in bulk instead of one assign call per user. Each item
 * must name a running experiment and the variant its buckets give the user (so the logged split stays the
 * configured one and SRM keeps its meaning); the envelope's timestamp is the moment of exposure. Idempotent like
 * /assign: a user's first exposure to a variant is stored once.
 */
import { z } from "zod";
import type { IngestType, ItemRefusal } from "@/lib/ingest/types";
import { AppError, type ErrorCode } from "@/lib/errors";
import { bucketedVariant, experimentForAssignment } from "./expose";
import { insertExposures, MAX_BATCH } from "./store/exposure-batch";
import type { Experiment } from "./store/experiments";

const exposureBody = z.object({
  experimentKey: z.string().min(1, "is required").max(200),
  userId: z.string().min(1, "is required").max(256),
  variantKey: z.string().min(1, "is required").max(200),
});

/** Clock skew tolerated on an SDK's exposure time. */
const MAX_FUTURE_MS = 5 * 60_000;

export const exposureIngestType: IngestType<z.infer<typeof exposureBody>> = {
  type: "exposure",
  body: exposureBody,
  async write(db, projectId, items) {
    const failed: ItemRefusal[] = [];
    const experiments = new Map<string, Experiment | AppError>();
    const rows = [];
    const latest = Date.now() + MAX_FUTURE_MS;
    for (const { id, timestamp, body } of items) {
      if (!experiments.has(body.experimentKey)) {
        const found = await experimentForAssignment(db, projectId, body.experimentKey).catch((err: unknown) => {
          if (err instanceof AppError) return err;
          throw err;
        });
        experiments.set(body.experimentKey, found);
      }
      const experiment = experiments.get(body.experimentKey)!;
      const refuse = (code: ErrorCode, message: string) => failed.push({ id, code, message });
      if (experiment instanceof AppError) refuse(experiment.code, experiment.message);
      else if (experiment.status !== "running") refuse("conflict", `experiment "${experiment.key}" is ${experiment.status}; only running experiments log exposures`);
      else if (timestamp.getTime() > latest) refuse("invalid_request", "timestamp: is in the future");
      else {
        const expected = bucketedVariant(experiment, body.userId).variant?.key ?? null;
        if (expected !== body.variantKey) {
          refuse("invalid_request", `body.variantKey: "${body.variantKey}" is not what the experiment assigns this user (${expected ? `"${expected}"` : "not in the experiment"})`);
        } else {
          rows.push({ projectId, experimentId: experiment.id, userId: body.userId, variantKey: body.variantKey, firstExposedAt: timestamp });
        }
      }
    }
    for (let i = 0; i < rows.length; i += MAX_BATCH) await insertExposures(db, rows.slice(i, i + MAX_BATCH));
    return { failed };
  },
};
