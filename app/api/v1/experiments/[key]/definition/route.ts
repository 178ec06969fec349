import { withApiKey } from "@/lib/http/route";
import { experimentForAssignment } from "@/lib/experiments/expose";
import { sdkDefinition } from "@/lib/experiments/sdk-definition";

/** What an SDK needs to assign locally (same hashing as /assign), read with the project's API key. */
export const GET = withApiKey(async (_req, { db, apiKey, params }) =>
  Response.json(sdkDefinition(await experimentForAssignment(db, apiKey.projectId, String(params.key)))),
);
