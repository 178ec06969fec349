// A dashboard address whose record does not exist (a deleted trace, a mistyped experiment key): said inside the
// dashboard shell, so the menu is still there.
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function DashboardNotFound() {
  return (
    <EmptyState title="Not found">
      <p>Nothing exists at this address in your project: it may have been deleted, or the link is mistyped.</p>
      <p>
        <Link href="/overview">Back to the overview</Link>
      </p>
    </EmptyState>
  );
}
