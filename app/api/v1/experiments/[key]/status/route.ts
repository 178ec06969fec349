import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { changeStatus } from "@/lib/experiments/store/experiments";

const params = z.object({ key: pathKey("experiment") });
const body = z.object({ action: z.enum(["start", "pause", "resume", "stop"], { error: "action must be start, pause, resume or stop" }) });

export const POST = route({ access: { session: "experiments:write" }, params, body }, async ({ db, principal, params, body }) =>
  Response.json({ experiment: await changeStatus(db, principal, params.key, body.action) }),
);
