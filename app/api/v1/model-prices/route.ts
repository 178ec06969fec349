import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { DEFAULT_MODEL_PRICES } from "@/lib/traces/pricing/default-prices";
import { createPriceOverride, listPriceOverrides, modelPriceInputSchema } from "@/lib/traces/store/model-prices";

/** `{ defaults: ModelPrice[], overrides: (ModelPrice & { rowId })[] }`; prices are USD per token. */
export const GET = withSession("project:manage", async (_req, { db, principal }) =>
  Response.json({ defaults: DEFAULT_MODEL_PRICES, overrides: await listPriceOverrides(db, principal.projectId) }),
);

/** Adds a project price (audited); it wins over every matching default from its effectiveFrom on. */
export const POST = withSession("project:manage", async (req, { db, principal }) => {
  const input = modelPriceInputSchema.parse(await readJson(req, 20_000));
  return Response.json({ price: await createPriceOverride(db, principal, input) }, { status: 201 });
});
