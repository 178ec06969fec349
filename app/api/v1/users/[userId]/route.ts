import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const params = z.object({ userId: pathKey("end user") });

/** Erases one end user of the key's project: raw and derived records in every table with a user column. */
export const DELETE = route({ access: "apiKey", params }, async ({ db, apiKey, params }) =>
  Response.json(await deleteEndUser(db, apiKey.projectId, params.userId)),
);
