export function AccessDenied({ role, permission }: { role: string; permission: string }) {
  return (
    <section className="empty" role="alert">
      <h2>You don&apos;t have access to this page</h2>
      <p>
        Your role is <strong>{role}</strong>; this page needs the <code>{permission}</code> permission. Ask an admin of
        your organization if you need it.
      </p>
    </section>
  );
}
