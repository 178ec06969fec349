import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { getDb } from "@/db/client";
import { authOptions } from "@/lib/auth/next-auth";
import { can, type Permission } from "@/lib/auth/permissions";
import { resolvePrincipal, resolveSignedInUser, type Principal } from "@/lib/auth/session";
import { PROJECT_COOKIE } from "@/lib/http/route";

/** The signed-in user's principal for a page, or a redirect to sign-in. */
export async function currentPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; sv?: unknown } | undefined;
  if (!user?.id) return null;
  const preferred = (await cookies()).get(PROJECT_COOKIE)?.value;
  return resolvePrincipal(await getDb(), { sub: user.id, sv: user.sv }, preferred);
}

/** Who is signed in, whether or not they belong to any organization (the invitation page needs no membership). */
export async function currentUser(): Promise<{ userId: string; email: string } | null> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; sv?: unknown } | undefined;
  if (!user?.id) return null;
  return resolveSignedInUser(await getDb(), { sub: user.id, sv: user.sv });
}

export type PageAccess = { principal: Principal; allowed: true } | { principal: Principal; allowed: false; permission: Permission };

/** Every page names the permission it needs; the page renders an access-denied state when the role lacks it. */
export async function requirePermission(permission: Permission): Promise<PageAccess> {
  const principal = await currentPrincipal();
  if (!principal) redirect("/signin");
  if (!can(principal.role, permission)) return { principal, allowed: false, permission };
  return { principal, allowed: true };
}
