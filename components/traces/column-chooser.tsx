"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { hiddenColumns, hideParam, TRACE_LIST_COLUMNS, type TraceListColumn } from "@/lib/traces/list-columns";

/**
 * Show or hide the trace list's optional columns; the choice goes into the URL (`hide=`), so views keep it. The boxes
 * change at once; the page follows when the navigation lands, and the boxes follow the URL when it changes (back).
 */
export function ColumnChooser({ params }: { params: string }) {
  const router = useRouter();
  const fromUrl = () => hiddenColumns(new URLSearchParams(params).get("hide") ?? undefined);
  const [hidden, setHidden] = useState(fromUrl);
  const [seenParams, setSeenParams] = useState(params);
  // A new URL (a landed navigation, back/forward) resets the boxes to it, adjusted during render as React advises.
  if (seenParams !== params) {
    setSeenParams(params);
    setHidden(fromUrl());
  }

  function toggle(id: TraceListColumn, show: boolean) {
    const next = new Set(hidden);
    if (show) next.delete(id);
    else next.add(id);
    setHidden(next);
    const p = new URLSearchParams(params);
    p.delete("cursor");
    const value = hideParam(next);
    if (value) p.set("hide", value);
    else p.delete("hide");
    const qs = p.toString();
    router.replace(qs ? `/traces?${qs}` : "/traces", { scroll: false });
  }

  return (
    <details className="column-chooser">
      <summary className="btn">Columns{hidden.size > 0 ? ` (${hidden.size} hidden)` : ""}</summary>
      <fieldset className="column-chooser-list">
        <legend className="sr-only">Columns to show</legend>
        {TRACE_LIST_COLUMNS.map((c) => (
          <label key={c.id} className="check">
            <input type="checkbox" checked={!hidden.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} /> {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
