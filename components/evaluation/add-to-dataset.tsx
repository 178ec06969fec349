"use client";
// "Add to dataset" on a trace: the trace's first recorded input becomes an item (with an optional expected output),
// linked back to the trace; the dataset is created if it does not exist yet.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
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

/** Bulk "add to dataset" on the trace list: every trace of the filtered page shown becomes an item, in one version. */
export function AddTracesToDataset({ traceIds, datasets }: { traceIds: string[]; datasets: string[] }) {
  const [open, setOpen] = useState(false);
  const [datasetName, setDatasetName] = useState(datasets[0] ?? "");
  const add = useMutation({
    mutationFn: async () => {
      if (!datasets.includes(datasetName)) await evaluationApi.createDataset({ name: datasetName });
      return evaluationApi.addTracesToDataset(datasetName, traceIds);
    },
  });
  if (!open) return <button className="btn" onClick={() => setOpen(true)}>Add these {traceIds.length} traces to a dataset</button>;
  return (
    <form className="form-row" aria-label="Add traces to dataset" onSubmit={(e) => (e.preventDefault(), add.mutate())}>
      <label>
        Dataset <input list="bulk-dataset-names" value={datasetName} onChange={(e) => setDatasetName(e.target.value)} required />
      </label>
      <datalist id="bulk-dataset-names">{datasets.map((d) => <option key={d} value={d} />)}</datalist>
      <button className="btn btn-primary" disabled={add.isPending || !datasetName}>Add {traceIds.length}</button>
      {add.isSuccess ? <span className="alert alert-ok" role="status">Added {add.data.added} to <a href={`/datasets/${encodeURIComponent(datasetName)}`}>{datasetName}</a></span> : null}
      {add.isError ? <span className="alert alert-error" role="alert">{add.error.message}</span> : null}
    </form>
  );
}
