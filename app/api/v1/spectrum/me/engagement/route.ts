import { route } from "@/lib/http/route";
import { engagementInputSchema, memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

/** The member page reports `{ kind }` (page_view, feed_open, insight_expand, teaser_view); no text is stored. */
export const POST = route({ access: { session: "spectrum:self" }, body: engagementInputSchema, maxBytes: 1024 }, async ({ db, principal, body }) =>
  Response.json(await api.recordEngagement(db, memberSubject(principal), body.kind), { status: 201 }),
);
