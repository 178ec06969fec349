"use client";
// Creating an annotation queue, with its score configs written one per line:
//   `helpfulness 1-5` (numeric range), `tone friendly, neutral, rude` (categories), `correct yes/no` (boolean),
//   each optionally followed by `| what the reviewer should check` (its rubric).
// "Add to review queue" on a trace page, and a random sample of Spectrum insights into a queue.
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ScoreConfig } from "@/lib/evaluation/review/queue-input";
import { INSIGHT_RUBRIC } from "@/lib/evaluation/review/insight-rubric";
import { reviewApi } from "./queries";

/** One config per line; throws with the line when it cannot be read. */
export function parseScoreConfigs(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.indexOf("|");
      const head = (bar < 0 ? line : line.slice(0, bar)).trim();
      const description = bar < 0 ? "" : line.slice(bar + 1).trim();
      const rubric = description ? { description } : {};
      const [name, ...rest] = head.split(/\s+/);
      const spec = rest.join(" ");
      const range = spec.match(/^(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)$/);
      if (range) return { type: "numeric", name, min: Number(range[1]), max: Number(range[2]), ...rubric };
      if (/^(yes\/no|boolean)$/i.test(spec)) return { type: "boolean", name, ...rubric };
      const categories = spec.split(",").map((c) => c.trim()).filter(Boolean);
      if (categories.length >= 2) return { type: "categorical", name, categories, ...rubric };
      throw new Error(`Cannot read “${line}”: write name 1-5, name a, b, c or name yes/no (then | rubric, if you like)`);
    });
}

/** The line syntax of a config, so a preset can be shown (and edited) in the textarea. */
export function formatScoreConfig(c: ScoreConfig): string {
  const spec = c.type === "numeric" ? `${c.min}-${c.max}` : c.type === "boolean" ? "yes/no" : c.categories.join(", ");
  return `${c.name} ${spec}${c.description ? ` | ${c.description}` : ""}`;
}

export function NewQueueForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [configs, setConfigs] = useState("helpfulness 1-5\ncorrect yes/no");
  const [blinded, setBlinded] = useState(false);
  const useInsightRubric = () => {
    setConfigs(INSIGHT_RUBRIC.map(formatScoreConfig).join("\n"));
    setBlinded(true);
    if (!name) setName("Insight quality (blinded)");
  };
  const save = useMutation({
    mutationFn: () => reviewApi.createQueue({ name, scoreConfigs: parseScoreConfigs(configs), blinded }),
    onSuccess: () => (setName(""), router.refresh()),
  });
  return (
    <form className="card stack section" aria-label="New review queue" onSubmit={(e) => (e.preventDefault(), save.mutate())}>
      <h2>New queue</h2>
      <label>Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} /></label>
      <label>
        <span>
          Scores, one per line (<code>name 1-5</code>, <code>name a, b, c</code> or <code>name yes/no</code>, then <code>| rubric</code> if you like)
        </span>
        <textarea rows={Math.min(8, Math.max(3, configs.split("\n").length + 1))} className="mono" value={configs} onChange={(e) => setConfigs(e.target.value)} required />
      </label>
      <div className="form-row">
        <button type="button" className="btn btn-small" onClick={useInsightRubric}>Use the insight quality rubric</button>
        <span className="small muted">Faithful to the facts, supportive, clear (1–5) and safe (yes/no), blinded: for reviewing generated Spectrum insights.</span>
      </div>
      <label className="check"><input type="checkbox" checked={blinded} onChange={(e) => setBlinded(e.target.checked)} /> Blinded: hide trace, model, version and prompt names and shuffle the order per reviewer</label>
      <div className="form-row">
        <button className="btn btn-primary" disabled={save.isPending}>Create queue</button>
        {save.isError ? <span className="alert alert-error" role="alert">{save.error.message}</span> : null}
      </div>
    </form>
  );
}

export function AddToReviewQueue({ traceId, queues }: { traceId: string; queues: { id: string; name: string }[] }) {
  const [open, setOpen] = useState(false);
  const [queueId, setQueueId] = useState(queues[0]?.id ?? "");
  const add = useMutation({ mutationFn: () => reviewApi.addItems(queueId, [traceId]) });
  if (queues.length === 0) return null;
  if (!open) return <button className="btn" onClick={() => setOpen(true)}>Add to review queue</button>;
  return (
    <form className="form-row" aria-label="Add to review queue" onSubmit={(e) => (e.preventDefault(), add.mutate())}>
      <label>
        Queue{" "}
        <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
          {queues.map((q) => <option key={q.id} value={q.id}>{q.name}</option>)}
        </select>
      </label>
      <button className="btn btn-primary" disabled={add.isPending}>Add</button>
      {add.isSuccess ? <span className="alert alert-ok" role="status">{add.data.added ? "Queued" : "Already in this queue"} · <a href={`/review/${queueId}`}>review</a></span> : null}
      {add.isError ? <span className="alert alert-error" role="alert">{add.error.message}</span> : null}
    </form>
  );
}

/** A dataset's items (the version shown) into a review queue, e.g. to adjudicate their expected outputs. */
export function QueueDatasetItems({ itemIds, queues }: { itemIds: string[]; queues: { id: string; name: string }[] }) {
  const [queueId, setQueueId] = useState(queues[0]?.id ?? "");
  const add = useMutation({ mutationFn: () => reviewApi.addDatasetItems(queueId, itemIds) });
  if (queues.length === 0 || itemIds.length === 0) return null;
  return (
    <form className="form-row" aria-label="Queue items for review" onSubmit={(e) => (e.preventDefault(), add.mutate())}>
      <label>
        Review queue{" "}
        <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
          {queues.map((q) => <option key={q.id} value={q.id}>{q.name}</option>)}
        </select>
      </label>
      <button className="btn" disabled={add.isPending}>Queue these {itemIds.length} items for review</button>
      {add.isSuccess ? (
        <span className="alert alert-ok" role="status">
          {add.data.added} queued{add.data.alreadyQueued ? `, ${add.data.alreadyQueued} already there` : ""} · <a href={`/review/${queueId}`}>review</a>
        </span>
      ) : null}
      {add.isError ? <span className="alert alert-error" role="alert">{add.error.message}</span> : null}
    </form>
  );
}

/**
 * A random sample of the project's stored Spectrum insights (not yet in the queue) into a queue. Reviewers see each
 * insight beside the facts it was written from; never the end user, and in a blinded queue not its prompt version or model.
 */
export function QueueInsightSample({ queueId }: { queueId: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const [size, setSize] = useState(20);
  const [kind, setKind] = useState<"" | "weekly" | "monthly">("weekly");
  const add = useMutation({
    mutationFn: () => reviewApi.addInsightSample(queueId, { size, ...(kind ? { kind } : {}) }),
    // The review screen's next item and progress, and the server-rendered summary.
    onSuccess: () => (void client.invalidateQueries({ queryKey: ["annotation-queue", queueId] }), router.refresh()),
  });
  return (
    <form className="card stack section" aria-label="Queue Spectrum insights" onSubmit={(e) => (e.preventDefault(), add.mutate())}>
      <h2>Queue Spectrum insights</h2>
      <p className="small muted">A random sample of generated insights not in this queue yet, to score with the queue&apos;s rubric. End users are never shown.</p>
      <div className="form-row">
        <label>How many <input type="number" min={1} max={1000} step={1} value={size} onChange={(e) => setSize(Number(e.target.value))} className="input-small" /></label>
        <label>
          Kind{" "}
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
            <option value="">Both</option>
          </select>
        </label>
        <button className="btn" disabled={add.isPending}>Queue a sample</button>
        {add.isSuccess ? <span className="alert alert-ok" role="status">{add.data.added ? `${add.data.added} insights queued` : "No insight left to queue"}</span> : null}
        {add.isError ? <span className="alert alert-error" role="alert">{add.error.message}</span> : null}
      </div>
    </form>
  );
}
