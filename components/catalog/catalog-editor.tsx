"use client";
// The catalog as YAML in a textarea: admins save it (PUT /api/v1/catalog) and see the validation error by name;
// everyone else reads it.
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

async function saveCatalog(yaml: string) {
  const res = await fetch("/api/v1/catalog", { method: "PUT", headers: { "content-type": "application/yaml" }, body: yaml });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json?.error?.message ?? `Saving failed (${res.status})`);
  return json as { rolesRecomputed: boolean };
}

export function CatalogEditor({ initial, canEdit }: { initial: string; canEdit: boolean }) {
  const router = useRouter();
  const [yaml, setYaml] = useState(initial);
  const save = useMutation({ mutationFn: () => saveCatalog(yaml), onSuccess: () => router.refresh() });
  return (
    <form className="card stack" onSubmit={(e) => (e.preventDefault(), save.mutate())} aria-label="Event catalog">
      <h2>Event catalog (YAML)</h2>
      <p className="muted small">
        <code>mode</code>: <code>off</code>, <code>warn</code> (stored, violations counted) or <code>enforce</code> (violating and unknown events refused per item). An
        event&apos;s <code>role</code> (session, message, error, feedback, conversion) decides what the Overview counts.
      </p>
      <label>
        Catalog
        <textarea rows={18} value={yaml} onChange={(e) => setYaml(e.target.value)} readOnly={!canEdit} className="mono" spellCheck={false} style={{ width: "100%" }} />
      </label>
      {canEdit ? (
        <div className="form-row">
          <button className="btn btn-primary" disabled={save.isPending}>
            Save catalog
          </button>
          {save.isError ? (
            <span className="alert alert-error" role="alert">
              {save.error.message}
            </span>
          ) : null}
          {save.isSuccess ? (
            <span role="status" className="muted">
              Saved{save.data.rolesRecomputed ? "; metric roles changed, rollups are being recomputed" : ""}.
            </span>
          ) : null}
        </div>
      ) : (
        <p className="muted small">Read-only: only admins edit the catalog.</p>
      )}
    </form>
  );
}
