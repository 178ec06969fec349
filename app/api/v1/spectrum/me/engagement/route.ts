import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

/** The member page reports `{ kind }` (page_view, feed_open, insight_expand, teaser_view); no text is stored. */
export const POST = withSession("spectrum:self", async (req, { db, principal }) =>
  Response.json(await api.recordEngagement(db, memberSubject(principal), await readJson(req, 1024)), { status: 201 }),
);
