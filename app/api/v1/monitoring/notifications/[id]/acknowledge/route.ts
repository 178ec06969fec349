import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { acknowledgeNotification } from "@/lib/monitoring/store/alert-rules";

const idSchema = z.object({ id: z.string().uuid("must be a notification id") });

export const POST = withSession("monitoring:write", async (_req, { db, principal, params }) => {
  const { id } = idSchema.parse(params);
  return Response.json({ notification: await acknowledgeNotification(db, principal.projectId, id, principal.userId) });
});
