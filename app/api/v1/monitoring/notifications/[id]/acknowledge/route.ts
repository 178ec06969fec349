import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { acknowledgeNotification } from "@/lib/monitoring/store/alert-rules";

const params = z.object({ id: pathId("notification") });

export const POST = route({ access: { session: "monitoring:write" }, params }, async ({ db, principal, params }) =>
  Response.json({ notification: await acknowledgeNotification(db, principal.projectId, params.id, principal.userId) }),
);
