"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api";

interface Project { id: string; name: string; retentionDays: number }

export function ProjectPanel() {
  const qc = useQueryClient();
  const project = useQuery({ queryKey: ["project"], queryFn: () => apiFetch<{ project: Project }>("/api/v1/project") });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (retentionDays: number) => apiFetch("/api/v1/project", { method: "PATCH", body: { retentionDays } }),
    onSuccess: () => setSaved(true),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: ["project"] });
      qc.invalidateQueries({ queryKey: ["audit"] });
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    save.mutate(Number(new FormData(e.currentTarget).get("retentionDays")));
  }

  return (
    <section className="card" aria-labelledby="project-title">
      <h2 id="project-title">Data retention</h2>
      {project.data ? (
        <form onSubmit={onSubmit} className="form-row" key={project.data.project.retentionDays}>
          <label>
            Keep raw events for (days)
            <input name="retentionDays" type="number" min={1} max={3650} defaultValue={project.data.project.retentionDays} required />
          </label>
          <button className="btn btn-primary" type="submit" disabled={save.isPending}>Save</button>
        </form>
      ) : (
        <p className="muted">Loading…</p>
      )}
      <p className="muted small">The nightly housekeeping job deletes raw events older than this.</p>
      {save.isError ? <div className="alert alert-error" role="alert">{save.error.message}</div> : null}
      {saved ? <div className="alert alert-ok" role="status">Saved.</div> : null}
    </section>
  );
}
