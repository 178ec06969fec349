// The loading / failed / empty / content ladder, driven by real react-query observers (no DOM needed).
import { describe, expect, it } from "vitest";
import { createElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { QueryClient, QueryObserver, type QueryObserverResult } from "@tanstack/react-query";
import { QueryState } from "./query-state";

type Rows = string[];

function observe(queryFn: () => Promise<Rows>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const observer = new QueryObserver<Rows, Error>(client, { queryKey: ["rows"], queryFn });
  /** Resolves with the first result that satisfies `done` (react-query notifies on every state change). */
  const until = (done: (r: QueryObserverResult<Rows, Error>) => boolean) =>
    new Promise<QueryObserverResult<Rows, Error>>((resolve) => {
      const check = (r: QueryObserverResult<Rows, Error>) => {
        if (!done(r)) return;
        unsubscribe();
        resolve(r);
      };
      const unsubscribe = observer.subscribe(check);
      check(observer.getCurrentResult());
    });
  return { observer, until };
}

function view(query: QueryObserverResult<Rows, Error>) {
  const props: Parameters<typeof QueryState<Rows>>[0] = {
    query,
    what: "jobs",
    isEmpty: (rows) => rows.length === 0,
    empty: "No job has run yet.",
    children: (rows) => createElement("ul", null, rows.map((r) => createElement("li", { key: r }, r))),
  };
  return createElement(QueryState<Rows>, props);
}

function findButton(node: ReactNode): ReactElement<{ onClick: () => void; children: ReactNode }> | null {
  if (!isValidElement(node)) return Array.isArray(node) ? node.map(findButton).find(Boolean) ?? null : null;
  if (node.type === "button") return node as ReactElement<{ onClick: () => void; children: ReactNode }>;
  return findButton((node.props as { children?: ReactNode }).children);
}

describe("QueryState", () => {
  it("says what is loading while the first answer is pending", () => {
    const { observer } = observe(() => new Promise<Rows>(() => undefined));
    expect(renderToStaticMarkup(view(observer.getCurrentResult()))).toBe('<p class="muted">Loading jobs…</p>');
  });

  it("shows the error with a Retry button that loads the data again", async () => {
    let calls = 0;
    const { until } = observe(async () => {
      calls += 1;
      if (calls === 1) throw new Error("server unavailable");
      return ["nightly-housekeeping"];
    });
    const failed = await until((r) => r.isError);
    const html = renderToStaticMarkup(view(failed));
    expect(html).toContain('role="alert"');
    expect(html).toContain("Could not load jobs: server unavailable");

    const retry = findButton(QueryState<Rows>(view(failed).props));
    expect(retry?.props.children).toBe("Retry");
    retry!.props.onClick();
    const loaded = await until((r) => r.isSuccess);
    expect(calls).toBe(2);
    expect(renderToStaticMarkup(view(loaded))).toBe("<ul><li>nightly-housekeeping</li></ul>");
  });

  it("keeps what was loaded on screen when a later refresh fails, under the error", async () => {
    let calls = 0;
    const { observer, until } = observe(async () => {
      calls += 1;
      if (calls === 2) throw new Error("timeout");
      return ["nightly-housekeeping"];
    });
    await until((r) => r.isSuccess);
    void observer.refetch();
    const html = renderToStaticMarkup(view(await until((r) => r.isError)));
    expect(html).toContain("Could not load jobs: timeout");
    expect(html).toContain("<ul><li>nightly-housekeeping</li></ul>");
  });

  it("shows the empty message, not an empty table, when there is nothing yet", async () => {
    const { until } = observe(async () => []);
    expect(renderToStaticMarkup(view(await until((r) => r.isSuccess)))).toBe('<p class="muted">No job has run yet.</p>');
  });
});
