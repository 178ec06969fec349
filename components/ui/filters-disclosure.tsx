"use client";
// On a phone a long filter form sits behind a "Filters (n)" button, n the filters set, so the list is not a dozen
// fields down the screen; wider screens show the form as before and no button (app/globals.css, 760 px like the menu).
import { useId, useState, type ReactNode } from "react";

export function FiltersDisclosure({ active, children }: { active: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="filters-disclosure" data-open={open}>
      <button type="button" className="btn filters-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        Filters ({active})
      </button>
      <div id={id} className="filters-body">
        {children}
      </div>
    </div>
  );
}
