"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { insightsApi } from "./queries";

/** The trace metadata keys root cause analysis treats as dimensions (PUT /api/v1/insights/settings). */
export function DimensionSettings({ initial, canEdit }: { initial: string[]; canEdit: boolean }) {
  const [text, setText] = useState(initial.join(", "));
  const save = useMutation({ mutationFn: insightsApi.saveSettings, onSuccess: (r) => setText(r.dimensionKeys.join(", ")) });
  return (
    <form
      className="card"
      aria-label="Metadata dimensions"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(text.split(",").map((s) => s.trim()).filter(Boolean));
      }}
    >
      <h2>Metadata dimensions</h2>
      <p className="muted small">
        Trace metadata keys (comma-separated) that root cause analysis breaks changes down by, besides model, environment, release, prompt version,
        trace name, tool, plan and country.
      </p>
      <input aria-label="Metadata keys" value={text} onChange={(e) => setText(e.target.value)} disabled={!canEdit} placeholder="customer_tier, region" />
      {canEdit && (
        <button className="btn" type="submit" disabled={save.isPending}>
          Save
        </button>
      )}
      {save.isError && (
        <div className="alert alert-error" role="alert">
          {save.error.message}
        </div>
      )}
      {save.isSuccess && <p className="small">Saved.</p>}
    </form>
  );
}
