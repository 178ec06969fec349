"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api";
import { normaliseViewQuery, type SavedView, type SavedViewPage } from "@/lib/saved-views/view";

const viewsKey = (page: SavedViewPage) => ["saved-views", page] as const;

/** The person's saved views of a list page (filters, sort, hidden columns): open one, save the current one, delete. */
export function SavedViews({ page, params }: { page: SavedViewPage; params: string }) {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const views = useQuery({ queryKey: viewsKey(page), queryFn: () => apiFetch<{ views: SavedView[] }>(`/api/v1/saved-views?page=${page}`) });
  const save = useMutation({
    mutationFn: (body: { page: SavedViewPage; name: string; query: string }) => apiFetch("/api/v1/saved-views", { method: "POST", body }),
    onSuccess: () => setName(""),
    onSettled: () => qc.invalidateQueries({ queryKey: viewsKey(page) }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/saved-views/${id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: viewsKey(page) }),
  });
  const current = normaliseViewQuery(params);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ page, name, query: params });
  }

  return (
    <details className="saved-views">
      <summary className="btn">Views{views.data && views.data.views.length > 0 ? ` (${views.data.views.length})` : ""}</summary>
      <div className="saved-views-panel">
        {views.isError ? <p className="alert alert-error" role="alert">{views.error.message}</p> : null}
        {views.data && views.data.views.length === 0 ? <p className="muted small">No saved views yet: set filters, sort and columns, then save them under a name.</p> : null}
        {views.data && views.data.views.length > 0 ? (
          <ul className="saved-views-list">
            {views.data.views.map((v) => (
              <li key={v.id}>
                <Link href={v.query ? `/${page}?${v.query}` : `/${page}`} aria-current={v.query === current ? "true" : undefined}>
                  {v.name}
                </Link>
                <button type="button" className="btn btn-small" onClick={() => remove.mutate(v.id)} disabled={remove.isPending} aria-label={`Delete view ${v.name}`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <form className="form-row" onSubmit={onSubmit} aria-label="Save this view">
          <label>
            Save this view as
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required placeholder="Slow production traces" />
          </label>
          <button className="btn btn-primary" type="submit" disabled={save.isPending}>Save view</button>
        </form>
        {save.isError ? <p className="alert alert-error" role="alert">{save.error.message}</p> : null}
      </div>
    </details>
  );
}
