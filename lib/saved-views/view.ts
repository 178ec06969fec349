// A saved view is a page's URL query under a name. The query is kept as the page would read it, minus what never
// belongs in a view (the page cursor), so opening a view always starts at its first page.
import { z } from "zod";

export const SAVED_VIEW_PAGES = ["traces", "sessions"] as const;
export type SavedViewPage = (typeof SAVED_VIEW_PAGES)[number];

export const MAX_VIEWS_PER_PAGE = 50;

/** The query without a leading "?", without the cursor or empty values, keys in a stable order. */
export function normaliseViewQuery(query: string): string {
  const p = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const kept = [...p.entries()].filter(([k, v]) => k !== "cursor" && v !== "").sort(([a], [b]) => a.localeCompare(b));
  return new URLSearchParams(kept).toString();
}

export const savedViewInputSchema = z.object({
  page: z.enum(SAVED_VIEW_PAGES),
  name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
  query: z.string().max(2000, "must be at most 2000 characters").transform(normaliseViewQuery),
});
export type SavedViewInput = z.input<typeof savedViewInputSchema>;

export const savedViewListQuerySchema = z.object({ page: z.enum(SAVED_VIEW_PAGES) });

export interface SavedView {
  id: string;
  page: SavedViewPage;
  name: string;
  query: string;
  updatedAt: string;
}
