import { route } from "@/lib/http/route";
import { COHORT_BODY_MAX_BYTES, cohortInputSchema } from "@/lib/cohorts/inputs";
import { saveAndRequestRefresh } from "@/lib/cohorts/jobs";
import { createCohort, listCohorts } from "@/lib/cohorts/store/cohorts";

/** `GET /api/v1/cohorts`: the project's saved cohorts with their last computed size. */
export const GET = route({ access: { session: "users:read", apiKey: true } }, async ({ db, projectId }) =>
  Response.json({ data: await listCohorts(db, projectId) }),
);

/** `POST /api/v1/cohorts { name, definition }`: saves a cohort and queues its first membership computation. */
export const POST = route({ access: { session: "cohorts:write", apiKey: true }, body: cohortInputSchema, maxBytes: COHORT_BODY_MAX_BYTES }, async ({ db, projectId, body }) => {
  const cohort = await saveAndRequestRefresh(db, projectId, (tx) => createCohort(tx, projectId, body));
  return Response.json(cohort, { status: 201 });
});
