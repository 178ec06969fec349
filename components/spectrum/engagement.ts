import { apiFetch } from "@/components/ui/api";

export type MemberEngagement = "page_view" | "feed_open" | "insight_expand" | "teaser_view";

/** Reports what the member did on their Spectrum page (kind only, never text); failures never disturb the page. */
export function trackEngagement(kind: MemberEngagement) {
  apiFetch("/api/v1/spectrum/me/engagement", { method: "POST", body: { kind } }).catch(() => undefined);
}
