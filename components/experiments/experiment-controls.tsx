"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { experimentsApi } from "./queries";
import type { ExperimentStatus, StatusAction } from "@/lib/experiments/definition";

const actionsFor: Record<ExperimentStatus, StatusAction[]> = {
  draft: ["start"],
  running: ["pause", "stop"],
  paused: ["resume", "stop"],
  stopped: [],
};
const labels: Record<StatusAction, string> = { start: "Start", pause: "Pause", resume: "Resume", stop: "Stop" };

/** Start / pause / resume / stop, a results refresh and the edit link (analysts and admins). */
export function ExperimentControls({ experimentKey, status }: { experimentKey: string; status: ExperimentStatus }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (action: StatusAction) => experimentsApi.changeStatus(experimentKey, action),
    onSuccess: () => {
      setNotice(null);
      router.refresh();
    },
  });
  const refresh = useMutation({
    mutationFn: () => experimentsApi.recomputeResults(experimentKey),
    onSuccess: () => {
      setNotice("Results are being recomputed; this page updates in a few seconds.");
      // The job runs in the background: reload the cached results shortly after.
      setTimeout(() => router.refresh(), 3000);
    },
  });
  function onAction(action: StatusAction) {
    if (action === "stop" && !window.confirm("Stop this experiment? A stopped experiment cannot be restarted.")) return;
    change.mutate(action);
  }
  return (
    <div className="form-row" aria-label="Experiment controls">
      {actionsFor[status].map((action) => (
        <button
          key={action}
          className={`btn ${action === "start" || action === "resume" ? "btn-primary" : action === "stop" ? "btn-danger" : ""}`}
          onClick={() => onAction(action)}
          disabled={change.isPending}
        >
          {labels[action]}
        </button>
      ))}
      {status !== "draft" ? (
        <button className="btn" onClick={() => refresh.mutate()} disabled={refresh.isPending}>Refresh results</button>
      ) : null}
      {status !== "stopped" ? <Link className="btn" href={`/experiments/${experimentKey}/edit`}>Edit</Link> : null}
      {change.isError ? <div className="alert alert-error" role="alert">{change.error.message}</div> : null}
      {refresh.isError ? <div className="alert alert-error" role="alert">{refresh.error.message}</div> : null}
      {notice ? <div className="alert alert-ok" role="status">{notice}</div> : null}
    </div>
  );
}
