"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatCount, formatTimestamp } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { DefinitionEditor, DEFINITION_TEMPLATES } from "./definition-editor";
import { cohortKeys, cohortsApi, type CohortList } from "./queries";

/** The project's cohorts (size as of the last refresh) and, for writers, the form that creates one. */
export function CohortsPanel({ projectId, initial, canWrite }: { projectId: string; initial: CohortList; canWrite: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: cohortKeys.list(projectId), queryFn: cohortsApi.list, initialData: initial, refetchInterval: 30_000 });
  const [name, setName] = useState("");
  const [text, setText] = useState(JSON.stringify(DEFINITION_TEMPLATES[0].definition, null, 2));
  const create = useMutation({
    mutationFn: () => cohortsApi.create({ name, definition: JSON.parse(text) }),
    onSuccess: () => setName(""),
    onSettled: () => qc.invalidateQueries({ queryKey: cohortKeys.all(projectId) }),
  });

  return (
    <div className="grid">
      {canWrite ? (
        <form
          className="card"
          aria-label="New cohort"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <h2>New cohort</h2>
          <div className="form-row">
            <label>
              Name
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
            </label>
          </div>
          <label htmlFor="cohort-definition">Definition</label>
          <DefinitionEditor id="cohort-definition" value={text} onChange={setText} />
          {create.isError ? (
            <div className="alert alert-error" role="alert">
              {create.error.message}
            </div>
          ) : null}
          {create.isSuccess ? <div className="alert alert-ok">Saved; membership is being computed.</div> : null}
          <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim()}>
            Save cohort
          </button>
        </form>
      ) : null}
      <section className="card" aria-label="Cohorts">
        <h2>Cohorts</h2>
        <QueryState query={list} what="cohorts" isEmpty={(d) => d.data.length === 0} empty="No cohorts yet. Save one above, or from a funnel step.">
          {(d) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th className="num">Members</th>
                    <th>Computed</th>
                  </tr>
                </thead>
                <tbody>
                  {d.data.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link href={`/users/cohorts/${c.id}`}>{c.name}</Link>
                      </td>
                      <td className="num">{c.size === null ? "computing…" : formatCount(c.size)}</td>
                      <td>{c.computedAt ? formatTimestamp(c.computedAt) : "not yet"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
    </div>
  );
}
