"use client";
// The keyboard-driven review screen: one item at a time (as stored, so masked text stays masked; a Spectrum insight
// beside the facts it was written from), its score controls with their rubric, and shortcuts: 1-9 pick a rating or category, y/n answer a yes/no score, Enter submits, s skips.
// Keys act on the first score not answered yet; clicking a control works the same way on a phone.
import { useQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ScoreConfig } from "@/lib/evaluation/review/queue-input";
import { reviewApi, reviewKeys } from "./queries";

type Value = number | boolean | string;

function asText(v: unknown): string {
  return typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v, null, 2);
}

/** The value key `k` (1-9) stands for under a config, or undefined when it stands for none. */
export function valueForKey(c: ScoreConfig, k: number): Value | undefined {
  if (c.type === "categorical") return c.categories[k - 1];
  if (c.type === "numeric") {
    // A rating scale inside 1..9 (e.g. 1-5): the key is the rating. Anything else: nine even steps from min to max.
    if (Number.isInteger(c.min) && Number.isInteger(c.max) && c.min >= 1 && c.max <= 9) return k >= c.min && k <= c.max ? k : undefined;
    return c.min + ((k - 1) / 8) * (c.max - c.min);
  }
  return undefined;
}

const FACT_LABELS: Record<string, string> = {
  periodLabel: "Period",
  sessionCount: "Conversations",
  topEmotions: "Strongest moods",
  valence: "Average tone (−1 to 1)",
  toneWord: "Tone in words",
  valenceShift: "Tone change vs previous period",
  valenceShiftWords: "Change in words",
  topPatterns: "Most common patterns",
  notableDays: "Days that stood out",
  notableSentence: "Notable days sentence",
};

/** An insight's facts (numbers and labels only) as a two-column list. */
function Facts({ facts }: { facts: unknown }) {
  if (!facts || typeof facts !== "object") return <p className="muted small">The period&apos;s aggregate is gone, so its facts cannot be shown.</p>;
  return (
    <dl className="facts">
      {Object.entries(facts as Record<string, unknown>).map(([k, v]) => (
        <div key={k}><dt className="small muted">{FACT_LABELS[k] ?? k}</dt><dd>{String(v)}</dd></div>
      ))}
    </dl>
  );
}

function Control({ config, value, onChange }: { config: ScoreConfig; value: Value | undefined; onChange: (v: Value) => void }) {
  if (config.type === "boolean") {
    return (
      <div className="form-row" role="group" aria-label={config.name}>
        <button type="button" className={`btn btn-small${value === true ? " btn-primary" : ""}`} onClick={() => onChange(true)}>Yes (y)</button>
        <button type="button" className={`btn btn-small${value === false ? " btn-primary" : ""}`} onClick={() => onChange(false)}>No (n)</button>
      </div>
    );
  }
  if (config.type === "categorical") {
    return (
      <div className="form-row" role="group" aria-label={config.name}>
        {config.categories.map((c, i) => (
          <button key={c} type="button" className={`btn btn-small${value === c ? " btn-primary" : ""}`} onClick={() => onChange(c)}>{c} ({i + 1})</button>
        ))}
      </div>
    );
  }
  return (
    <input type="number" aria-label={config.name} min={config.min} max={config.max} step="any" value={typeof value === "number" ? value : ""} onChange={(e) => onChange(Number(e.target.value))} className="input-small" placeholder={`${config.min}–${config.max}`} />
  );
}

export function ReviewScreen({ queueId }: { queueId: string }) {
  const client = useQueryClient();
  const [skip, setSkip] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, Value>>({});
  const [comment, setComment] = useState("");
  const next = useQuery({ queryKey: reviewKeys.next(queueId, skip), queryFn: () => reviewApi.next(queueId, skip) });
  const data = next.data;
  const configs = useMemo(() => (data?.queue.scoreConfigs ?? []) as ScoreConfig[], [data]);
  const item = data?.item ?? null;
  const submit = useMutation({
    mutationFn: () => reviewApi.review(queueId, item!.id, { scores: values, ...(comment ? { comment } : {}) }),
    onSuccess: () => {
      setValues({});
      setComment("");
      void client.invalidateQueries({ queryKey: ["annotation-queue", queueId] });
    },
  });
  const skipItem = useCallback(() => {
    if (!item) return;
    setValues({});
    setSkip((s) => [...s, item.id]);
  }, [item]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement;
      if (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && e.key !== "Enter") || !item) return;
      const open = configs.find((c) => values[c.name] === undefined) ?? configs[configs.length - 1];
      if (!open) return;
      if (e.key === "Enter") {
        e.preventDefault();
        if (Object.keys(values).length > 0 && !submit.isPending) submit.mutate();
      } else if (e.key === "s") skipItem();
      else if ((e.key === "y" || e.key === "n") && open.type === "boolean") setValues((v) => ({ ...v, [open.name]: e.key === "y" }));
      else if (/^[1-9]$/.test(e.key)) {
        const v = valueForKey(open, Number(e.key));
        if (v !== undefined) setValues((old) => ({ ...old, [open.name]: v }));
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [configs, values, item, submit, skipItem]);

  if (next.isPending) return <p className="muted">Loading the next item…</p>;
  if (next.isError) return <p className="alert alert-error" role="alert">{next.error.message}</p>;
  const progress = data!.progress;
  return (
    <div className="stack">
      <div className="card" aria-label="Progress">
        <progress value={progress.done} max={Math.max(1, progress.total)} style={{ width: "100%" }} aria-label={`${progress.done} of ${progress.total} reviewed`} />
        <div className="small muted">{progress.done} of {progress.total} reviewed · {data!.remaining} left for you{skip.length ? ` · ${skip.length} skipped` : ""}</div>
      </div>
      {!item ? (
        <div className="card empty">
          <p>Nothing left to review in this queue{skip.length ? " (except the items you skipped)" : ""}.</p>
          {skip.length ? <button className="btn" onClick={() => setSkip([])}>Show skipped items again</button> : null}
        </div>
      ) : (
        <>
          {item.kind === "insight" ? (
            <p className="small muted">
              {item.insight
                ? `Spectrum ${item.insight.kind} insight · ${item.insight.periodKey} · prompt ${item.insight.promptName} ${item.insight.promptVersion} · ${item.insight.model} (${item.insight.provider})`
                : "Blinded review of a Spectrum insight: its prompt version and model are hidden."}{" "}
              Judge it against the facts it was written from; the end user is never shown.
            </p>
          ) : item.kind === "dataset_item" && item.datasetItem ? (
            <p className="small muted">
              Dataset item of <a href={`/datasets/${encodeURIComponent(item.datasetItem.dataset)}`}>{item.datasetItem.dataset}</a>
              {item.datasetItem.sourceTraceId ? (
                <> · from trace <a href={`/traces/${encodeURIComponent(item.datasetItem.sourceTraceId)}`} className="mono">{item.datasetItem.sourceTraceId}</a></>
              ) : null}
            </p>
          ) : item.context && item.traceId ? (
            <p className="small muted">
              {item.context.traceName ?? "trace"} · <a href={`/traces/${encodeURIComponent(item.traceId)}`} className="mono">{item.traceId}</a>
              {item.context.models.length ? ` · ${item.context.models.join(", ")}` : ""}
              {item.context.prompt ? ` · prompt ${item.context.prompt.name} v${item.context.prompt.version}` : ""}
              {item.context.release ? ` · release ${item.context.release}` : ""}
            </p>
          ) : (
            <p className="small muted">Blinded review: model, version and prompt names are hidden.</p>
          )}
          {item.kind === "insight" ? (
            <>
              <section className="card" aria-label="Facts"><h3>Facts it was written from</h3><Facts facts={item.input} /></section>
              <section className="card" aria-label="Insight"><h3>Insight</h3><p className="insight-text">{asText(item.output) || "(the insight is gone)"}</p></section>
            </>
          ) : (
            <section className="card" aria-label="Input"><h3>Input</h3><pre className="json">{asText(item.input) || "(no input recorded)"}</pre></section>
          )}
          {item.kind === "insight" ? null : item.kind === "dataset_item" ? (
            <section className="card" aria-label="Expected output"><h3>Expected output</h3><pre className="json">{asText(item.output) || "(no expected output yet)"}</pre></section>
          ) : (
            <section className="card" aria-label="Output"><h3>Output</h3><pre className="json">{asText(item.output) || "(no output recorded)"}</pre></section>
          )}
          <form className="card stack" aria-label="Scores" onSubmit={(e) => (e.preventDefault(), submit.mutate())}>
            {configs.map((c) => (
              <div key={c.name}>
                <div className="small"><strong>{c.name}</strong>{c.type === "numeric" ? ` (${c.min}–${c.max})` : ""}</div>
                {c.description ? <div className="small muted">{c.description}</div> : null}
                <Control config={c} value={values[c.name]} onChange={(v) => setValues((old) => ({ ...old, [c.name]: v }))} />
              </div>
            ))}
            <label>Comment <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} /></label>
            <div className="form-row">
              <button className="btn btn-primary" disabled={submit.isPending || Object.keys(values).length === 0}>Submit (Enter)</button>
              <button type="button" className="btn" onClick={skipItem}>Skip (s)</button>
              {submit.isError ? <span className="alert alert-error" role="alert">{submit.error.message}</span> : null}
            </div>
            <p className="small muted">Keys: 1–9 rating or category, y/n yes/no, Enter submit, s skip.</p>
          </form>
        </>
      )}
    </div>
  );
}
