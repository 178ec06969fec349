import { route } from "@/lib/http/route";
import { savedViewInputSchema, savedViewListQuerySchema } from "@/lib/saved-views/view";
import { listSavedViews, saveView } from "@/lib/saved-views/store/views";

/** The signed-in person's saved views of a page: `?page=traces` → `{ views: [{ id, page, name, query, updatedAt }] }`. */
export const GET = route({ access: { session: "dashboard:read" }, query: savedViewListQuerySchema }, async ({ db, principal, query }) =>
  Response.json({ views: await listSavedViews(db, principal, query.page) }),
);

/** Saves `{ page, name, query }` (the page's URL query; the cursor is dropped); a taken name is replaced. */
export const POST = route({ access: { session: "dashboard:read" }, body: savedViewInputSchema, maxBytes: 8_000 }, async ({ db, principal, body }) =>
  Response.json({ view: await saveView(db, principal, body) }, { status: 201 }),
);
