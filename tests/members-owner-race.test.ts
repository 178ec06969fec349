// Why: two owners demoting each other at the same moment must not leave an organization with no owner (issue 12 #9).
import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { TEST_PASSWORD, call, seedOrg, seededDatabase } from "./support/fixtures";
import { memberships } from "@/db/schema";
import { ensureMembership, ensureUser } from "@/lib/bootstrap/ensure";
import * as member from "@/app/api/v1/members/[userId]/route";

const t = seededDatabase();

// On PostgreSQL (TEST_DATABASE_URL) the two requests run on separate pooled connections; PGlite has one
// connection, so there the test proves the rule for the sequential order.
test("two owners demoting each other concurrently: exactly one succeeds, the other gets 409", async () => {
  for (let round = 0; round < 5; round++) {
    const { org, users } = await seedOrg(t.h.db);
    const second = await ensureUser(t.h.db, `second.owner.${org.id.slice(0, 8)}@example.test`, TEST_PASSWORD);
    await ensureMembership(t.h.db, org.id, second.id, "owner");
    const demote = (actor: string, target: string) =>
      call(member.PATCH, `/api/v1/members/${target}`, { method: "PATCH", as: actor, params: { userId: target }, body: { role: "admin" } });

    const results = await Promise.all([demote(users.owner.id, second.id), demote(second.id, users.owner.id)]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const owners = await t.h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.role, "owner")));
    expect(owners).toHaveLength(1);
  }
});
