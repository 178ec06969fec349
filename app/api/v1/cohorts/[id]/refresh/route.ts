import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { AppError } from "@/lib/errors";
import { refreshCohort } from "@/lib/cohorts/store/refresh";

const params = z.object({ id: pathId("cohort") });

/** `POST /api/v1/cohorts/{id}/refresh`: recomputes membership now and answers with the new size. */
export const POST = route(
  { access: { session: "cohorts:write", apiKey: true }, params, rateLimit: { name: "cohort-refresh", limit: 120, windowMs: 60_000, message: "At most 120 cohort refreshes a minute" } },
  async ({ db, projectId, params }) => {
    const result = await refreshCohort(db, projectId, params.id, new Date());
    if (!result) throw new AppError("not_found", `No cohort ${params.id}`);
    return Response.json(result);
  },
);
