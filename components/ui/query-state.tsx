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
  if (query.isPending) return <p className="muted">Loading {what}…</p>;
  if (query.isError) {
    return (
      <div className="alert alert-error" role="alert">
        Could not load {what}: {query.error.message}{" "}
        <button type="button" className="btn" onClick={() => void query.refetch()} disabled={query.isFetching}>
          Retry
        </button>
      </div>
    );
  }
  if (isEmpty?.(query.data)) return <p className="muted">{empty}</p>;
  return <>{children(query.data)}</>;
}
