"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { ModelPrice } from "@/lib/traces/pricing/types";
import { formatDay, formatNumber } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { settingsApi, settingsKeys, type PriceOverrideView as Override } from "./queries";

const M = 1_000_000;
const perMillion = (v: number | undefined) => (v == null ? "—" : `$${formatNumber(v * M, 4)}`);

/** Shipped default prices (read-only) and the project's own prices, which win over any matching default. */
export function TracingPricesPanel({ projectId }: { projectId: string }) {
  const qc = useQueryClient();
  const prices = useQuery({ queryKey: settingsKeys.modelPrices(projectId), queryFn: settingsApi.modelPrices });
  const [editing, setEditing] = useState<Override | "new" | null>(null);
  const refresh = () => {
    qc.invalidateQueries({ queryKey: settingsKeys.modelPrices(projectId) });
    qc.invalidateQueries({ queryKey: settingsKeys.audit(projectId) });
  };
  const remove = useMutation({ mutationFn: settingsApi.deletePrice, onSettled: refresh });

  return (
    <section className="card" aria-labelledby="tracing-prices-title">
      <h2 id="tracing-prices-title">Tracing: model prices</h2>
      <p className="muted small">
        Costs are computed at ingest from these prices (USD per million tokens) unless the client sends a cost. A project price whose
        pattern matches a model wins over every default from its effective date on.
      </p>
      {remove.isError ? <div className="alert alert-error" role="alert">{remove.error.message}</div> : null}
      <QueryState query={prices} what="prices">
        {(data) => (
          <>
            <h3>Project prices</h3>
            {data.overrides.length === 0 ? <p className="muted">No project prices; the defaults apply.</p> : (
              <PriceTable
                rows={data.overrides}
                actions={(p) => (
                  <>
                    <button type="button" className="btn" onClick={() => setEditing(p as Override)}>Edit</button>{" "}
                    <button type="button" className="btn btn-danger" onClick={() => remove.mutate((p as Override).rowId)}>Delete</button>
                  </>
                )}
              />
            )}
            {editing ? (
              <PriceForm key={editing === "new" ? "new" : editing.rowId} initial={editing === "new" ? null : editing} onDone={() => { setEditing(null); refresh(); }} onCancel={() => setEditing(null)} />
            ) : (
              <button type="button" className="btn section" onClick={() => setEditing("new")}>Add project price</button>
            )}
            <details className="section">
              <summary>Default prices ({data.defaults.length}, read-only)</summary>
              <PriceTable rows={data.defaults} />
            </details>
          </>
        )}
      </QueryState>
    </section>
  );
}

function PriceTable({ rows, actions }: { rows: ModelPrice[]; actions?: (p: ModelPrice) => React.ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr><th>Id</th><th>Model pattern</th><th>Input</th><th>Output</th><th>Cache read</th><th>Cache write</th><th>Input includes cache</th><th>From</th>{actions ? <th><span className="sr-only">Actions</span></th> : null}</tr>
        </thead>
        <tbody>
          {rows.map((p, i) => (
            <tr key={`${p.id}-${p.effectiveFrom}-${i}`}>
              <td>{p.id}</td>
              <td className="mono small">{p.modelPattern}</td>
              <td>{perMillion(p.inputPerToken)}</td>
              <td>{perMillion(p.outputPerToken)}</td>
              <td>{perMillion(p.cacheReadPerToken)}</td>
              <td>{perMillion(p.cacheWritePerToken)}</td>
              <td>{p.inputIncludesCache ? "yes" : "no"}</td>
              <td>{formatDay(p.effectiveFrom)}</td>
              {actions ? <td>{actions(p)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const optionalRate = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? undefined : Number(v) / M);

function PriceForm({ initial, onDone, onCancel }: { initial: Override | null; onDone: () => void; onCancel: () => void }) {
  const save = useMutation({
    mutationFn: (body: ModelPrice) => settingsApi.savePrice(initial?.rowId ?? null, body),
    onSuccess: onDone,
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const provider = String(f.get("provider") ?? "").trim();
    save.mutate({
      id: String(f.get("id")),
      ...(provider ? { provider } : {}),
      modelPattern: String(f.get("modelPattern")),
      inputPerToken: Number(f.get("input")) / M,
      outputPerToken: Number(f.get("output")) / M,
      cacheReadPerToken: optionalRate(f.get("cacheRead")),
      cacheWritePerToken: optionalRate(f.get("cacheWrite")),
      inputIncludesCache: f.get("inputIncludesCache") === "on",
      effectiveFrom: String(f.get("effectiveFrom")),
    });
  }
  const rate = (v: number | undefined) => (v == null ? "" : String(Math.round(v * M * 1e6) / 1e6));
  return (
    <form onSubmit={onSubmit} className="section" aria-label={initial ? "Edit project price" : "Add project price"}>
      <div className="form-row">
        <label>Id<input name="id" required maxLength={200} defaultValue={initial?.id} placeholder="own/gpt-4o" /></label>
        <label>Provider<input name="provider" maxLength={100} defaultValue={initial?.provider} placeholder="openai" /></label>
        <label>Model pattern<input name="modelPattern" className="mono" required defaultValue={initial?.modelPattern ?? "^$"} placeholder="^gpt-4o$" /></label>
        <label>Effective from<input name="effectiveFrom" type="date" required defaultValue={formatDay(initial ? initial.effectiveFrom : new Date())} /></label>
      </div>
      <div className="form-row">
        <label>Input $/1M<input name="input" type="number" min={0} step="any" required defaultValue={rate(initial?.inputPerToken)} /></label>
        <label>Output $/1M<input name="output" type="number" min={0} step="any" required defaultValue={rate(initial?.outputPerToken)} /></label>
        <label>Cache read $/1M<input name="cacheRead" type="number" min={0} step="any" defaultValue={rate(initial?.cacheReadPerToken)} /></label>
        <label>Cache write $/1M<input name="cacheWrite" type="number" min={0} step="any" defaultValue={rate(initial?.cacheWritePerToken)} /></label>
        <label className="check"><input name="inputIncludesCache" type="checkbox" defaultChecked={initial?.inputIncludesCache ?? false} /> Input count includes cached tokens</label>
      </div>
      <div className="form-row">
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>{initial ? "Save price" : "Add price"}</button>
        <button className="btn" type="button" onClick={onCancel}>Cancel</button>
      </div>
      {save.isError ? <div className="alert alert-error" role="alert">{save.error.message}</div> : null}
    </form>
  );
}
