"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { tracesApi } from "./queries";

/** An analyst's score for the trace or the selected observation; the page refreshes to show it. */
export function ScoreForm({ traceId, observationId, observationName }: { traceId: string; observationId: string | null; observationName: string | null }) {
  const router = useRouter();
  const [name, setName] = useState("quality");
  const [value, setValue] = useState("");
  const [comment, setComment] = useState("");
  const [target, setTarget] = useState<"trace" | "observation">("trace");
  const add = useMutation({
    mutationFn: () =>
      tracesApi.addScore({
        traceId,
        observationId: target === "observation" ? observationId : null,
        name,
        value: value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value.trim(),
        comment: comment.trim() || null,
      }),
    onSuccess: () => {
      setValue("");
      setComment("");
      router.refresh();
    },
  });
  return (
    <form
      className="score-form"
      aria-label="Add a score"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <div className="form-row">
        <label>
          Score name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label>
          Value
          <input value={value} onChange={(e) => setValue(e.target.value)} required placeholder="number or label" maxLength={500} />
        </label>
        <label>
          Applies to
          <select value={target} onChange={(e) => setTarget(e.target.value as "trace" | "observation")}>
            <option value="trace">Whole trace</option>
            <option value="observation" disabled={!observationId}>
              {observationName ? `Observation: ${observationName}` : "Selected observation"}
            </option>
          </select>
        </label>
        <label className="grow">
          Comment
          <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
        </label>
        <button className="btn btn-primary" type="submit" disabled={add.isPending}>
          {add.isPending ? "Saving…" : "Add score"}
        </button>
      </div>
      {add.isError ? (
        <div className="alert alert-error" role="alert">
          {add.error.message}
        </div>
      ) : null}
      {add.isSuccess ? (
        <div className="alert alert-ok" role="status">
          Score saved.
        </div>
      ) : null}
    </form>
  );
}
