import { withSession } from "@/lib/http/route";
import { acknowledgeNotifications, getExperiment, listNotifications } from "@/lib/experiments/store/experiments";

/** Notifications sent to the experiment's owner (guardrail breaches, auto-stops), newest first. */
export const GET = withSession("experiments:read", async (_req, { db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, String(params.key));
  return Response.json({ notifications: await listNotifications(db, principal.projectId, experiment.id) });
});

/** Marks every open notification of the experiment as read (audited); the list stops counting them. */
export const POST = withSession("experiments:write", async (_req, { db, principal, params }) => {
  return Response.json({ acknowledged: await acknowledgeNotifications(db, principal, String(params.key)) });
});
