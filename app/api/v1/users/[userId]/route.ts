import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { userDetail } from "@/lib/users/store/user-detail";

const params = z.object({ userId: pathKey("end user") });

/** One end user: traits and history, activity counts, cost, scores, experiments, Spectrum status, profile, timeline. */
export const GET = route({ access: { session: "users:read", apiKey: true }, params }, async ({ db, projectId, params }) =>
  Response.json(await userDetail(db, projectId, params.userId)),
);

/** Erases one end user of the key's project: raw and derived records in every table with a user column. */
export const DELETE = route({ access: "apiKey", params }, async ({ db, apiKey, params }) =>
  Response.json(await deleteEndUser(db, apiKey.projectId, params.userId)),
);
