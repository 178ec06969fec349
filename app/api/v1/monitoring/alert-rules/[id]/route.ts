import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { alertRulePatchSchema, deleteAlertRule, updateAlertRule } from "@/lib/monitoring/store/alert-rules";

const params = z.object({ id: pathId("alert rule") });

/** `{ enabled?, silencedUntil? }`: pause, silence until a time, or unsilence (null); audited with the change. */
export const PATCH = route({ access: { session: "monitoring:write" }, params, body: alertRulePatchSchema, maxBytes: 10_000 }, async ({ db, principal, params, body }) =>
  Response.json({ rule: await updateAlertRule(db, principal, params.id, body) }),
);

export const DELETE = route({ access: { session: "monitoring:write" }, params }, async ({ db, principal, params }) => {
  await deleteAlertRule(db, principal, params.id);
  return Response.json({ deleted: true });
});
