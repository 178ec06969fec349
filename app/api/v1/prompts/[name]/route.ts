import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { jsonWithEtag } from "@/lib/http/etag";
import { AppError } from "@/lib/errors";
import { DEFAULT_LABEL } from "@/lib/evaluation/prompt-input";
import { getPromptVersion } from "@/lib/evaluation/store/prompts";

const params = z.object({ name: pathKey("prompt") });
const query = z
  .object({ version: z.coerce.number().int().positive().optional(), label: z.string().min(1).max(36).optional() })
  .refine((q) => q.version === undefined || q.label === undefined, { message: "give either version or label, not both", path: ["version"] });

/** For SDKs: a version by `?version=N` or `?label=` (default `production`), with an ETag (304 on If-None-Match). */
export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params, query }, async ({ req, db, principal, apiKey, params, query }) => {
  const found = await getPromptVersion(db, actorOf({ principal, apiKey }).projectId, params.name, { version: query.version, label: query.label ?? (query.version ? undefined : DEFAULT_LABEL) });
  if (!found) {
    const which = query.version ? `version ${query.version}` : `label ${query.label ?? DEFAULT_LABEL}`;
    throw new AppError("not_found", `Prompt ${params.name} has no ${which}`);
  }
  return jsonWithEtag(req, found);
});
