import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { listAudit } from "@/lib/audit/record";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.date().optional(),
});

export const GET = withSession("audit:read", async (req, { db, principal }) => {
  const q = query.parse(Object.fromEntries(req.nextUrl.searchParams));
  return Response.json({ entries: await listAudit(db, principal.orgId, q) });
});
