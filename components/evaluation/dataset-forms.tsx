"use client";
// Dataset curation on the Datasets pages: create a dataset, add an item, upload a CSV/JSONL file, remove an item.
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { evaluationApi, uploadDatasetItems } from "./queries";

/** A value typed in a form: JSON when it parses as an object or array, else the text. */
function looseJson(text: string): unknown {
  const t = text.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}

export function NewDatasetForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const save = useMutation({ mutationFn: () => evaluationApi.createDataset({ name, ...(description ? { description } : {}) }), onSuccess: () => router.push(`/datasets/${encodeURIComponent(name)}`) });
  return (
    <form className="card form-row" aria-label="New dataset" onSubmit={(e) => (e.preventDefault(), save.mutate())}>
      <label>Name <input value={name} onChange={(e) => setName(e.target.value)} required /></label>
      <label>Description <input value={description} onChange={(e) => setDescription(e.target.value)} /></label>
      <button className="btn btn-primary" disabled={save.isPending}>Create dataset</button>
      {save.isError ? <span className="alert alert-error" role="alert">{save.error.message}</span> : null}
    </form>
  );
}

export function AddItemForm({ datasetName }: { datasetName: string }) {
  const router = useRouter();
  const [input, setInput] = useState("");
  const [expected, setExpected] = useState("");
  const add = useMutation({
    mutationFn: () => evaluationApi.addDatasetItem({ datasetName, input: looseJson(input), ...(expected ? { expectedOutput: looseJson(expected) } : {}) }),
    onSuccess: () => (setInput(""), setExpected(""), router.refresh()),
  });
  return (
    <form className="stack" aria-label="Add item" onSubmit={(e) => (e.preventDefault(), add.mutate())}>
      <label>Input (text or JSON) <textarea rows={2} value={input} onChange={(e) => setInput(e.target.value)} required className="mono" /></label>
      <label>Expected output <textarea rows={2} value={expected} onChange={(e) => setExpected(e.target.value)} className="mono" /></label>
      <div className="form-row">
        <button className="btn btn-primary" disabled={add.isPending}>Add item</button>
        {add.isError ? <span className="alert alert-error" role="alert">{add.error.message}</span> : null}
      </div>
    </form>
  );
}

export function UploadItemsForm({ datasetName }: { datasetName: string }) {
  const router = useRouter();
  const upload = useMutation({ mutationFn: (file: File) => uploadDatasetItems(datasetName, file), onSuccess: () => router.refresh() });
  return (
    <div className="form-row" aria-label="Upload items">
      <label>
        Upload CSV (columns input, expected_output, …) or JSONL{" "}
        <input type="file" accept=".csv,.jsonl,.ndjson" onChange={(e) => e.target.files?.[0] && upload.mutate(e.target.files[0])} disabled={upload.isPending} />
      </label>
      {upload.isSuccess ? <span className="alert alert-ok" role="status">Added {upload.data.added} items</span> : null}
      {upload.isError ? <span className="alert alert-error" role="alert">{upload.error.message}</span> : null}
    </div>
  );
}

export function RemoveItemButton({ itemId }: { itemId: string }) {
  const router = useRouter();
  const remove = useMutation({ mutationFn: () => evaluationApi.removeDatasetItem(itemId), onSuccess: () => router.refresh() });
  return (
    <button className="btn btn-small btn-danger" onClick={() => remove.mutate()} disabled={remove.isPending} title="Remove from the next dataset version">
      Remove
    </button>
  );
}
