import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const params = z.object({ userId: pathKey("end user") });

/** Admin erasure of one end user of the active project (same effect as the API-key DELETE), audited in the same transaction. */
export const POST = route({ access: { session: "users:delete" }, params }, async ({ db, principal, params }) =>
  Response.json(await deleteEndUser(db, principal.projectId, params.userId, principal)),
);
