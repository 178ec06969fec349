import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { deleteSavedView } from "@/lib/saved-views/store/views";

const params = z.object({ id: pathId("saved view") });

/** Deletes one of the caller's saved views (204); anyone else's is a 404. */
export const DELETE = route({ access: { session: "dashboard:read" }, params }, async ({ db, principal, params }) => {
  await deleteSavedView(db, principal, params.id);
  return new Response(null, { status: 204 });
});
