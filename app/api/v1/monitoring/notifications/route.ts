import { withSession } from "@/lib/http/route";
import { listNotifications } from "@/lib/monitoring/store/alert-rules";

/** The notification log, newest first. */
export const GET = withSession("monitoring:read", async (_req, { db, principal }) =>
  Response.json({ data: await listNotifications(db, principal.projectId) }),
);
