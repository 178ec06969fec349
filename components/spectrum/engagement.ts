// Member engagement reporting from the Spectrum page (kinds only, never text).
import { spectrumApi } from "./queries";

export type MemberEngagement = "page_view" | "feed_open" | "insight_expand" | "teaser_view";

/** Reports what the member did on their Spectrum page (kind only, never text); failures never disturb the page. */
export function trackEngagement(kind: MemberEngagement) {
  spectrumApi.engaged(kind).catch(() => undefined);
}
