import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { cohortMembersQuerySchema } from "@/lib/cohorts/inputs";
import { listCohortMembers } from "@/lib/cohorts/store/cohorts";

const params = z.object({ id: pathId("cohort") });

/** `GET /api/v1/cohorts/{id}/members?limit&cursor`: member user ids as of the last refresh, in id order. */
export const GET = route({ access: { session: "users:read", apiKey: true }, params, query: cohortMembersQuerySchema }, async ({ db, projectId, params, query }) =>
  Response.json(await listCohortMembers(db, projectId, params.id, query)),
);
