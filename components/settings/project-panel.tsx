"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { QueryState } from "@/components/ui/query-state";
import { settingsApi, settingsKeys } from "./queries";

export function ProjectPanel({ projectId }: { projectId: string }) {
  const qc = useQueryClient();
  const project = useQuery({ queryKey: settingsKeys.project(projectId), queryFn: settingsApi.project });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: settingsApi.saveRetention,
    onSuccess: () => setSaved(true),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: settingsKeys.project(projectId) });
      qc.invalidateQueries({ queryKey: settingsKeys.audit(projectId) });
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
      <QueryState query={project} what="the project">
        {(data) => (
          <form onSubmit={onSubmit} className="form-row" key={data.project.retentionDays}>
            <label>
              Keep raw events for (days)
              <input name="retentionDays" type="number" min={1} max={3650} defaultValue={data.project.retentionDays} required />
            </label>
            <button className="btn btn-primary" type="submit" disabled={save.isPending}>Save</button>
          </form>
        )}
      </QueryState>
      <p className="muted small">The nightly housekeeping job deletes raw events older than this.</p>
      {save.isError ? <div className="alert alert-error" role="alert">{save.error.message}</div> : null}
      {saved ? <div className="alert alert-ok" role="status">Saved.</div> : null}
    </section>
  );
}
