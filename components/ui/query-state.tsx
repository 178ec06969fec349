"use client";
// The one ladder every client list walks: loading, failed (with Retry), empty, then the content.

import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";

export function QueryState<T>({ query, what, isEmpty, empty, children }: {
  query: UseQueryResult<T, Error>;
  /** What is being loaded, in words: "Loading {what}…", "Could not load {what}: …". */
  what: string;
  isEmpty?: (data: T) => boolean;
  /** Shown (muted) when `isEmpty` says so: what will appear here and what makes it appear. */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const failed = query.isError ? (
    <div className="alert alert-error" role="alert">
      Could not load {what}: {query.error.message}{" "}
      <button type="button" className="btn" onClick={() => void query.refetch()} disabled={query.isFetching}>
        Retry
      </button>
    </div>
  ) : null;
  const data = query.data;
  if (data === undefined) return failed ?? <p className="muted">Loading {what}…</p>;
  // A failed refresh keeps what was loaded before on screen, under the error.
  const content = isEmpty?.(data) ? <p className="muted">{empty}</p> : children(data);
  return (
    <>
      {failed}
      {content}
    </>
  );
}
