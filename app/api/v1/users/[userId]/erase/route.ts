import { withSession } from "@/lib/http/route";
import { auditAs } from "@/lib/audit/record";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { apiKeySubject } from "@/lib/spectrum/store/user-api";

/** Admin erasure of one end user of the active project (same effect as the API-key DELETE), audited. */
export const POST = withSession("users:delete", async (_req, { db, principal, params }) => {
  const { userId } = apiKeySubject(principal, params.userId);
  const result = await deleteEndUser(db, principal.projectId, userId);
  await auditAs(db, principal, { action: "end_user.deleted", targetType: "end_user", targetId: userId, details: { deleted: result.deleted } });
  return Response.json(result);
});
