import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { changeStatus } from "@/lib/experiments/store/experiments";

const body = z.object({ action: z.enum(["start", "pause", "resume", "stop"], { error: "action must be start, pause, resume or stop" }) });

export const POST = withSession("experiments:write", async (req, { db, principal, params }) => {
  const { action } = body.parse(await readJson(req));
  return Response.json({ experiment: await changeStatus(db, principal, String(params.key), action) });
});
