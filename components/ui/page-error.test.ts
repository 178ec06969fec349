// The dashboard's error state: a reader sees what happened, a Retry button that calls back, a way to the Overview, and
// the server's reference when there is one.
import { describe, expect, it } from "vitest";
import { createElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { PageError } from "./page-error";

/** Every element of a rendered tree (function components expanded), depth first. */
function elements(node: ReactNode): ReactElement<Record<string, unknown>>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!isValidElement<Record<string, unknown>>(node)) return [];
  if (typeof node.type === "function" && node.type === PageError) return elements((node.type as (p: unknown) => ReactNode)(node.props));
  return [node, ...elements(node.props.children as ReactNode)];
}

describe("PageError", () => {
  it("says the page failed, offers Retry and the Overview, and quotes the server's reference", () => {
    const html = renderToStaticMarkup(createElement(PageError, { digest: "2871094123", onRetry: () => {} }));
    expect(html).toContain('role="alert"');
    expect(html).toContain("This page could not be shown");
    expect(html).toMatch(/<button type="button" class="btn btn-primary">Retry<\/button>/);
    expect(html).toContain('href="/overview"');
    expect(html).toContain("<code>2871094123</code>");
  });

  it("without a reference says nothing about one; Retry calls back", () => {
    expect(renderToStaticMarkup(createElement(PageError, { onRetry: () => {} }))).not.toContain("reference");
    let retried = 0;
    const retry = elements(createElement(PageError, { onRetry: () => retried++ })).find((e) => e.type === "button");
    (retry!.props.onClick as () => void)();
    expect(retried).toBe(1);
  });
});
