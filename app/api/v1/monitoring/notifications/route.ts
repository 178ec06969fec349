import { route } from "@/lib/http/route";
import { listNotifications } from "@/lib/monitoring/store/alert-rules";

/** The notification log, newest first. */
export const GET = route({ access: { session: "monitoring:read" } }, async ({ db, principal }) =>
  Response.json({ data: await listNotifications(db, principal.projectId) }),
);
