import { z } from "zod";
import { route } from "@/lib/http/route";
import { listAudit } from "@/lib/audit/record";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.date().optional(),
});

export const GET = route({ access: { session: "audit:read" }, query }, async ({ db, principal, query }) =>
  Response.json({ entries: await listAudit(db, principal.orgId, query) }),
);
