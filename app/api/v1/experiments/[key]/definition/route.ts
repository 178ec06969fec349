import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { experimentForAssignment } from "@/lib/experiments/expose";
import { sdkDefinition } from "@/lib/experiments/sdk-definition";

const params = z.object({ key: pathKey("experiment") });

/** What an SDK needs to assign locally (same hashing as /assign), read with the project's API key. */
export const GET = route({ access: "apiKey", params }, async ({ db, apiKey, params }) =>
  Response.json(sdkDefinition(await experimentForAssignment(db, apiKey.projectId, params.key))),
);
