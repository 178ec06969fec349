// Audited changes write their audit row in the same transaction: a change whose audit row cannot be written does
// not happen (before, alert rules, anomaly reviews and admin erasure audited afterwards, outside any transaction).
import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { alertRules, auditLog, endUsers } from "@/db/schema";
import { createAlertRule, deleteAlertRule, updateAlertRule } from "@/lib/monitoring/store/alert-rules";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const owner = () => ({ userId: t.org.users.owner.id, email: t.org.users.owner.email, orgId: t.org.org.id, projectId: t.org.project.id });
// An organization id that does not exist: the audit row's foreign key refuses it, so the audit insert fails.
const unauditable = () => ({ ...owner(), orgId: "00000000-0000-4000-8000-00000000dead" });
const rule = { name: "Atomic", condition: "above" as const, metric: "latency_ms", threshold: 100, minSeverity: "medium" as const, emailRecipients: [], cooldownMinutes: 60 };

test("an alert rule is created, changed and deleted together with its audit row, or not at all", async () => {
  await expect(createAlertRule(t.h.db, unauditable(), { ...rule, name: "Never" })).rejects.toThrow();
  expect(await t.h.db.select().from(alertRules).where(eq(alertRules.name, "Never"))).toEqual([]);

  const created = await createAlertRule(t.h.db, owner(), rule);
  await expect(updateAlertRule(t.h.db, unauditable(), created.id, { enabled: false })).rejects.toThrow();
  await expect(deleteAlertRule(t.h.db, unauditable(), created.id)).rejects.toThrow();
  const [still] = await t.h.db.select().from(alertRules).where(eq(alertRules.id, created.id));
  expect(still?.enabled).toBe(true);

  await deleteAlertRule(t.h.db, owner(), created.id);
  const actions = (await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, t.org.org.id), eq(auditLog.targetId, created.id)))).map((r) => r.action);
  expect(actions.sort()).toEqual(["alert_rule.created", "alert_rule.deleted"]);
});

test("an admin erasure whose audit row cannot be written erases nothing", async () => {
  await t.h.db.insert(endUsers).values({ projectId: t.org.project.id, userId: "atomic-user", signupAt: new Date("2026-11-01T00:00:00Z") });
  await expect(deleteEndUser(t.h.db, t.org.project.id, "atomic-user", unauditable())).rejects.toThrow();
  expect(await t.h.db.select().from(endUsers).where(eq(endUsers.userId, "atomic-user"))).toHaveLength(1);
  await deleteEndUser(t.h.db, t.org.project.id, "atomic-user", owner());
  expect(await t.h.db.select().from(endUsers).where(eq(endUsers.userId, "atomic-user"))).toHaveLength(0);
});
