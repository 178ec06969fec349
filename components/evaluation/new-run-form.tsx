"use client";
// Starts a prompt run over the dataset: a prompt version (default: its production label) and the evaluators as JSON.
// The run executes as a job; the page polls until it finishes. Without a provider the form says so and starts nothing.
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api";
import { evaluationApi } from "./queries";

const DEFAULT_EVALUATORS = JSON.stringify([{ type: "exact_match", caseSensitive: false }, { type: "fuzzy_match" }], null, 2);

/** `noProvider`: the server's reason it cannot execute prompts (no LLM provider configured), or null. */
export function NewRunForm({ datasetName, prompts, noProvider }: { datasetName: string; prompts: { name: string; latestVersion: number }[]; noProvider: string | null }) {
  const router = useRouter();
  const [promptName, setPromptName] = useState(prompts[0]?.name ?? "");
  const [version, setVersion] = useState("");
  const [name, setName] = useState("");
  const [evaluators, setEvaluators] = useState(DEFAULT_EVALUATORS);
  const start = useMutation({
    mutationFn: () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(evaluators);
      } catch {
        throw new Error("evaluators: not valid JSON");
      }
      return evaluationApi.createRun(datasetName, { name, promptName, ...(version ? { promptVersion: Number(version) } : {}), evaluators: parsed });
    },
    onSuccess: () => router.refresh(),
  });
  if (prompts.length === 0) return <p className="muted">Create a prompt first to run it over this dataset, or send outputs with <code>POST /api/v1/datasets/{datasetName}/runs</code>.</p>;
  return (
    <form className="stack" aria-label="New run" onSubmit={(e) => (e.preventDefault(), start.mutate())}>
      <div className="form-row">
        <label>Run name <input value={name} onChange={(e) => setName(e.target.value)} required /></label>
        <label>
          Prompt{" "}
          <select value={promptName} onChange={(e) => setPromptName(e.target.value)}>
            {prompts.map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
          </select>
        </label>
        <label>Version <input type="number" min={1} value={version} onChange={(e) => setVersion(e.target.value)} placeholder="production" className="input-small" /></label>
      </div>
      <label>Evaluators (JSON) <textarea rows={4} value={evaluators} onChange={(e) => setEvaluators(e.target.value)} className="mono" /></label>
      {noProvider ? (
        <p className="alert alert-warning" role="note">
          Prompt runs cannot execute on this server. {noProvider}. To compare versions without a provider, record each version&apos;s outputs:{" "}
          <code>POST /api/v1/datasets/{datasetName}/runs {"{ name, promptName, promptVersion, outputs: [{ itemId, output }], evaluators }"}</code>.
        </p>
      ) : null}
      <div className="form-row">
        <button className="btn btn-primary" disabled={start.isPending || noProvider !== null}>Start run</button>
        {start.isError ? <span className="alert alert-error" role="alert">{start.error.message}</span> : null}
      </div>
    </form>
  );
}

/** Polls a queued or running run and refreshes the page when it finishes. */
export function RunProgress({ datasetName, runId, total }: { datasetName: string; runId: string; total: number }) {
  const router = useRouter();
  const run = useQuery({
    queryKey: ["evaluation", "run", datasetName, runId],
    queryFn: async () => {
      const r = await apiFetch<{ status: string; progress: { done: number; total: number } }>(`/api/v1/datasets/${encodeURIComponent(datasetName)}/runs/${runId}`);
      if (r.status === "completed" || r.status === "failed") router.refresh();
      return r;
    },
    refetchInterval: 2000,
  });
  return <span className="small">{run.data ? `${run.data.status} · ${run.data.progress.done}/${run.data.progress.total}` : `queued · 0/${total}`}</span>;
}
