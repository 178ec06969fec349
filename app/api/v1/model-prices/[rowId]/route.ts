import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { deletePriceOverride, modelPriceInputSchema, updatePriceOverride } from "@/lib/traces/store/model-prices";

/** Replaces one project price (audited). */
export const PUT = withSession("project:manage", async (req, { db, principal, params }) => {
  const input = modelPriceInputSchema.parse(await readJson(req, 20_000));
  return Response.json({ price: await updatePriceOverride(db, principal, String(params.rowId), input) });
});

export const DELETE = withSession("project:manage", async (_req, { db, principal, params }) => {
  await deletePriceOverride(db, principal, String(params.rowId));
  return new Response(null, { status: 204 });
});
