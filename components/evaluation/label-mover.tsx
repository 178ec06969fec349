"use client";
// Moves a label (production, staging or a custom one) onto a prompt version: the promotion step of the loop.
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { evaluationApi } from "./queries";

export function LabelMover({ name, version, labels }: { name: string; version: number; labels: string[] }) {
  const router = useRouter();
  const [label, setLabel] = useState("production");
  const move = useMutation({
    mutationFn: (change: { newLabels?: string[]; removeLabels?: string[] }) => evaluationApi.moveLabels(name, version, change),
    onSuccess: () => router.refresh(),
  });
  const own = labels.filter((l) => l !== "latest");
  return (
    <div className="form-row" aria-label={`Labels of version ${version}`}>
      {own.map((l) => (
        <button key={l} className="btn btn-small" title={`Remove ${l} from version ${version}`} onClick={() => move.mutate({ removeLabels: [l] })} disabled={move.isPending}>
          {l} ✕
        </button>
      ))}
      <input aria-label="Label" className="input-small" value={label} onChange={(e) => setLabel(e.target.value.trim().toLowerCase())} list="prompt-labels" />
      <button className="btn btn-small btn-primary" onClick={() => move.mutate({ newLabels: [label] })} disabled={move.isPending || !label}>
        Set on v{version}
      </button>
      {move.isError ? <span className="alert alert-error" role="alert">{move.error.message}</span> : null}
    </div>
  );
}
