/** The one table from role to permissions. Every route handler and page names the permission it needs. */
export const roles = ["owner", "admin", "analyst", "viewer", "member"] as const;
export type Role = (typeof roles)[number];
export const dashboardRoles = ["owner", "admin", "analyst", "viewer"] as const satisfies readonly Role[];

export const permissions = [
  "dashboard:read",
  "traces:read",
  "scores:write",
  "experiments:read",
  "experiments:write",
  "monitoring:read",
  "monitoring:write",
  "users:read",
  "users:delete",
  "spectrum:admin",
  "spectrum:self",
  "jobs:read",
  "jobs:manage",
  "members:read",
  "members:manage",
  "apikeys:manage",
  "audit:read",
  "project:manage",
  "insights:read",
  "insights:write",
  "cohorts:write",
  "evaluation:read",
  "evaluation:write",
  "personalization:read",
  "personalization:train",
  "catalog:read",
  "catalog:write",
] as const;
export type Permission = (typeof permissions)[number];

const read: Permission[] = [
  "dashboard:read",
  "traces:read",
  "experiments:read",
  "monitoring:read",
  "users:read",
  "spectrum:admin",
  "jobs:read",
  "members:read",
  "insights:read",
  "evaluation:read",
  "personalization:read",
  "catalog:read",
];
const analyst: Permission[] = [...read, "scores:write", "experiments:write", "monitoring:write", "insights:write", "cohorts:write", "evaluation:write"];
const admin: Permission[] = [
  ...analyst,
  "users:delete",
  "jobs:manage",
  "members:manage",
  "apikeys:manage",
  "audit:read",
  "project:manage",
  "personalization:train",
  // The catalog's contract mode decides what ingest refuses: a project setting, like the tracing settings.
  "catalog:write",
];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(admin),
  admin: new Set(admin),
  analyst: new Set(analyst),
  viewer: new Set(read),
  // End users see only their own Spectrum pages.
  member: new Set(["spectrum:self"]),
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

/** Roles an actor may grant: nobody hands out a role above their own, and only owners make owners. */
export function assignableRoles(actor: Role): Role[] {
  if (actor === "owner") return [...roles];
  if (actor === "admin") return ["admin", "analyst", "viewer", "member"];
  return [];
}
