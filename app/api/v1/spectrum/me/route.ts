import { route } from "@/lib/http/route";
import { memberSubject, spectrumUserApi as api } from "@/lib/spectrum/store/user-api";

/** The signed-in member's whole Spectrum: weekly landscape, patterns, insight feed, monthly summary, sessions, exclusions. */
export const GET = route({ access: { session: "spectrum:self" } }, async ({ db, principal }) => Response.json(await api.overview(db, memberSubject(principal))));
