// A dashboard page that failed to render: what happened in words, a Retry that loads the page again, and a way to
// the Overview, inside the app's shell (the dashboard's error boundary, app/(dashboard)/error.tsx, shows it) instead
// of the framework's bare "Application error" screen.
import Link from "next/link";

export function PageError({ digest, onRetry }: { digest?: string; onRetry: () => void }) {
  return (
    <section className="empty" role="alert">
      <h1>This page could not be shown</h1>
      <p>
        Something failed while loading it. Retry loads it again.
        {digest ? (
          <>
            {" "}
            If it keeps failing, give an admin the reference <code>{digest}</code>: the server log has the details under it.
          </>
        ) : null}
      </p>
      <div className="form-row">
        <button type="button" className="btn btn-primary" onClick={onRetry}>
          Retry
        </button>
        <Link className="btn" href="/overview">
          Go to the Overview
        </Link>
      </div>
    </section>
  );
}
