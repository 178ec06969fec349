"use client";

import { useState } from "react";
import type { SpectrumOverview } from "@/lib/spectrum/store/read";
import { trackEngagement } from "./engagement";

const PREVIEW_CHARS = 140;

/** One weekly insight; long texts show their first lines with "Read more" (keeps the phone feed short). */
export function FeedCard({ card }: { card: SpectrumOverview["feed"][number] }) {
  const [open, setOpen] = useState(false);
  const long = card.text.length > PREVIEW_CHARS;
  const cut = card.text.lastIndexOf(" ", PREVIEW_CHARS);
  const text = !long || open ? card.text : `${card.text.slice(0, cut > 0 ? cut : PREVIEW_CHARS)}…`;
  return (
    <li className="card spectrum-card">
      <p className="muted small">Week of {new Date(card.periodStart).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" })}</p>
      <p>{text}</p>
      {long && (
        <button
          className="btn btn-link"
          aria-expanded={open}
          onClick={() => {
            if (!open) trackEngagement("insight_expand");
            setOpen(!open);
          }}
        >
          {open ? "Read less" : "Read more"}
        </button>
      )}
    </li>
  );
}
