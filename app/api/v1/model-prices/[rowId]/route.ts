import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { deletePriceOverride, modelPriceInputSchema, updatePriceOverride } from "@/lib/traces/store/model-prices";

const params = z.object({ rowId: pathId("model price") });

/** Replaces one project price (audited). */
export const PUT = route({ access: { session: "project:manage" }, params, body: modelPriceInputSchema, maxBytes: 20_000 }, async ({ db, principal, params, body }) =>
  Response.json({ price: await updatePriceOverride(db, principal, params.rowId, body) }),
);

export const DELETE = route({ access: { session: "project:manage" }, params }, async ({ db, principal, params }) => {
  await deletePriceOverride(db, principal, params.rowId);
  return new Response(null, { status: 204 });
});
