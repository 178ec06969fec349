// The page for a record id that this project does not hold (removed by retention, or another project's).
import Link from "next/link";
import { EmptyState } from "./empty-state";
import { PageHeader } from "./page-header";

export function NotInProject({ kind, id, listHref, listLabel }: { kind: string; id: string; listHref: string; listLabel: string }) {
  return (
    <>
      <PageHeader title={`${kind[0].toUpperCase()}${kind.slice(1)} not found`} />
      <EmptyState title={`No ${kind} ${id} in this project`}>
        <p>
          It may have been removed by retention, or belong to another project. <Link href={listHref}>Back to {listLabel}</Link>.
        </p>
      </EmptyState>
    </>
  );
}
