"use client";
// "Add to dataset" on a trace: the trace's first recorded input becomes an item (with an optional expected output),
// linked back to the trace; the dataset is created if it does not exist yet.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { formatCount } from "@/components/format";
import { evaluationApi } from "./queries";

export function AddToDataset({ traceId, datasets }: { traceId: string; datasets: string[] }) {
  const [open, setOpen] = useState(false);
  const [datasetName, setDatasetName] = useState(datasets[0] ?? "");
  const [expected, setExpected] = useState("");
  const add = useMutation({
    mutationFn: async () => {
      if (!datasets.includes(datasetName)) await evaluationApi.createDataset({ name: datasetName });
      return evaluationApi.addDatasetItem({ datasetName, sourceTraceId: traceId, ...(expected ? { expectedOutput: expected } : {}) });
    },
  });
  if (!open) return <button className="btn" onClick={() => setOpen(true)}>Add to dataset</button>;
  return (
    <form className="form-row" aria-label="Add to dataset" onSubmit={(e) => (e.preventDefault(), add.mutate())}>
      <label>
        Dataset <input list="dataset-names" value={datasetName} onChange={(e) => setDatasetName(e.target.value)} required />
      </label>
      <datalist id="dataset-names">{datasets.map((d) => <option key={d} value={d} />)}</datalist>
      <label>
        Expected output <input value={expected} onChange={(e) => setExpected(e.target.value)} placeholder="optional" />
      </label>
      <button className="btn btn-primary" disabled={add.isPending || !datasetName}>Add</button>
      {add.isSuccess ? <span className="alert alert-ok" role="status">Added to <a href={`/datasets/${encodeURIComponent(datasetName)}`}>{datasetName}</a></span> : null}
      {add.isError ? <span className="alert alert-error" role="alert">{add.error.message}</span> : null}
    </form>
  );
}

/** Most traces one bulk add takes (the route's cap). */
export const BULK_ADD_MAX = 1000;

/**
 * Bulk "add to dataset" on the trace list: the traces matching the current filters (in the list's order, at most
 * BULK_ADD_MAX) become items in one version; traces already in the dataset are skipped, so a repeat adds nothing.
 */
export function AddTracesToDataset({ filters, matching, datasets }: { filters: Record<string, string | number>; matching: number; datasets: string[] }) {
  const [open, setOpen] = useState(false);
  const [datasetName, setDatasetName] = useState(datasets[0] ?? "");
  const count = Math.min(matching, BULK_ADD_MAX);
  const label = matching > BULK_ADD_MAX ? `the first ${formatCount(count)} of these traces` : `these ${formatCount(count)} traces`;
  const add = useMutation({
    mutationFn: async () => {
      if (!datasets.includes(datasetName)) await evaluationApi.createDataset({ name: datasetName });
      return evaluationApi.addFilteredTracesToDataset(datasetName, filters, BULK_ADD_MAX);
    },
  });
  if (!open) return <button className="btn" onClick={() => setOpen(true)}>Add {label} to a dataset</button>;
  const skipped = add.data ? [
    add.data.skippedExisting ? `${formatCount(add.data.skippedExisting)} already there` : null,
    add.data.skippedWithoutInput ? `${formatCount(add.data.skippedWithoutInput)} without a recorded input` : null,
  ].filter(Boolean) : [];
  return (
    <form className="form-row" aria-label="Add traces to dataset" onSubmit={(e) => (e.preventDefault(), add.mutate())}>
      <label>
        Dataset <input list="bulk-dataset-names" value={datasetName} onChange={(e) => setDatasetName(e.target.value)} required />
      </label>
      <datalist id="bulk-dataset-names">{datasets.map((d) => <option key={d} value={d} />)}</datalist>
      <button className="btn btn-primary" disabled={add.isPending || !datasetName}>Add {label}</button>
      {add.isSuccess ? (
        <span className="alert alert-ok" role="status">
          Added {formatCount(add.data.added)} to <a href={`/datasets/${encodeURIComponent(datasetName)}`}>{datasetName}</a>
          {skipped.length ? ` (skipped ${skipped.join(", ")})` : ""}
        </span>
      ) : null}
      {add.isError ? <span className="alert alert-error" role="alert">{add.error.message}</span> : null}
    </form>
  );
}
