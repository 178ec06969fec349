import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { COHORT_BODY_MAX_BYTES, cohortPatchSchema } from "@/lib/cohorts/inputs";
import { saveAndRequestRefresh } from "@/lib/cohorts/jobs";
import { deleteCohort, getCohort, updateCohort } from "@/lib/cohorts/store/cohorts";

const params = z.object({ id: pathId("cohort") });

/** `GET /api/v1/cohorts/{id}`: the cohort with its size and size history. */
export const GET = route({ access: { session: "users:read", apiKey: true }, params }, async ({ db, projectId, params }) =>
  Response.json(await getCohort(db, projectId, params.id)),
);

/** `PATCH /api/v1/cohorts/{id} { name?, definition? }`: a new definition is recomputed right after. */
export const PATCH = route({ access: { session: "cohorts:write", apiKey: true }, params, body: cohortPatchSchema, maxBytes: COHORT_BODY_MAX_BYTES }, async ({ db, projectId, params, body }) =>
  Response.json(await saveAndRequestRefresh(db, projectId, (tx) => updateCohort(tx, projectId, params.id, body))),
);

export const DELETE = route({ access: { session: "cohorts:write", apiKey: true }, params }, async ({ db, projectId, params }) => {
  await deleteCohort(db, projectId, params.id);
  return new Response(null, { status: 204 });
});
