import type { ReactNode } from "react";

/** The honest state of a view with no data yet: what will appear here and what makes it appear. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="empty" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
