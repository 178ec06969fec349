// Any address that matches no page: the branded card with a way back, never the framework's bare 404.
import Link from "next/link";

export const metadata = { title: "Page not found · Prism" };

export default function NotFound() {
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden /> Prism
        </div>
        <h1>Page not found</h1>
        <p className="muted">This address does not lead to a page. It may have been mistyped, or what it showed was removed.</p>
        <nav aria-label="Ways back" className="form-row">
          <Link className="btn btn-primary" href="/">
            Go to your dashboard
          </Link>
          <Link className="btn" href="/signin">
            Sign in
          </Link>
        </nav>
      </div>
    </main>
  );
}
