import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { deleteMute } from "@/lib/monitoring/store/mutes";

const params = z.object({ id: pathId("mute") });

/** Unmute; audited. */
export const DELETE = route({ access: { session: "monitoring:write" }, params }, async ({ db, principal, params }) => {
  await deleteMute(db, principal, params.id);
  return Response.json({ deleted: true });
});
