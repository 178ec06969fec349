import { withApiKey } from "@/lib/http/route";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { apiKeySubject } from "@/lib/spectrum/store/user-api";

/** Erases one end user of the key's project: raw and derived records in every table with a user column. */
export const DELETE = withApiKey(async (_req, { db, apiKey, params }) => {
  const { projectId, userId } = apiKeySubject(apiKey, params.userId);
  return Response.json(await deleteEndUser(db, projectId, userId));
});
