import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { acknowledgeNotifications, getExperiment, listNotifications } from "@/lib/experiments/store/experiments";

const params = z.object({ key: pathKey("experiment") });

/** Notifications sent to the experiment's owner (guardrail breaches, auto-stops), newest first. */
export const GET = route({ access: { session: "experiments:read" }, params }, async ({ db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, params.key);
  return Response.json({ notifications: await listNotifications(db, principal.projectId, experiment.id) });
});

/** Marks every open notification of the experiment as read (audited); the list stops counting them. */
export const POST = route({ access: { session: "experiments:write" }, params }, async ({ db, principal, params }) =>
  Response.json({ acknowledged: await acknowledgeNotifications(db, principal, params.key) }),
);
