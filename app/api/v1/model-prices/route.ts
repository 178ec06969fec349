import { route } from "@/lib/http/route";
import { DEFAULT_MODEL_PRICES } from "@/lib/traces/pricing/default-prices";
import { createPriceOverride, listPriceOverrides, modelPriceInputSchema } from "@/lib/traces/store/model-prices";

/** `{ defaults: ModelPrice[], overrides: (ModelPrice & { rowId })[] }`; prices are USD per token. */
export const GET = route({ access: { session: "project:manage" } }, async ({ db, principal }) =>
  Response.json({ defaults: DEFAULT_MODEL_PRICES, overrides: await listPriceOverrides(db, principal.projectId) }),
);

/** Adds a project price (audited); it wins over every matching default from its effectiveFrom on. */
export const POST = route({ access: { session: "project:manage" }, body: modelPriceInputSchema, maxBytes: 20_000 }, async ({ db, principal, body }) =>
  Response.json({ price: await createPriceOverride(db, principal, body) }, { status: 201 }),
);
