"use client";
// Creating an annotation queue, with its score configs written one per line:
//   `helpfulness 1-5` (numeric range), `tone friendly, neutral, rude` (categories), `correct yes/no` (boolean).
// And "Add to review queue" on a trace page.
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { reviewApi } from "./queries";

/** One config per line; throws with the line when it cannot be read. */
export function parseScoreConfigs(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...rest] = line.split(/\s+/);
      const spec = rest.join(" ");
      const range = spec.match(/^(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)$/);
      if (range) return { type: "numeric", name, min: Number(range[1]), max: Number(range[2]) };
      if (/^(yes\/no|boolean)$/i.test(spec)) return { type: "boolean", name };
      const categories = spec.split(",").map((c) => c.trim()).filter(Boolean);
      if (categories.length >= 2) return { type: "categorical", name, categories };
      throw new Error(`Cannot read “${line}”: write name 1-5, name a, b, c or name yes/no`);
    });
}

export function NewQueueForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [configs, setConfigs] = useState("helpfulness 1-5\ncorrect yes/no");
  const [blinded, setBlinded] = useState(false);
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
          Scores, one per line (<code>name 1-5</code>, <code>name a, b, c</code> or <code>name yes/no</code>)
        </span>
        <textarea rows={3} className="mono" value={configs} onChange={(e) => setConfigs(e.target.value)} required />
      </label>
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
