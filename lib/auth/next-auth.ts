import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { getCacheStore } from "@/lib/cache/store";
import { clientAddress, type ClientAddress } from "./client-address";
import { clearSignInFailures } from "./sign-in-throttle";
import { verifyPassword } from "./passwords";
import { currentSessionVersion, revokeSessions, SESSION_VERSION_CLAIM } from "./session-version";

export const WRONG_CREDENTIALS = "Wrong email or password.";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1) });

/** The client's address as the sign-in throttle sees it, honouring PRISM_TRUSTED_PROXIES. */
export function signInClient(forwardedFor: string | null | undefined): ClientAddress {
  return clientAddress(forwardedFor, env().PRISM_TRUSTED_PROXIES);
}

/**
 * Checks email + password. Attempts are counted and refused (429) before next-auth runs, in the route's
 * throttleCredentialsCallback; a success here clears the (account, client) failures.
 */
export async function authorizeCredentials(input: unknown, client: ClientAddress) {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new Error("Enter your email and password.");
  const { email, password } = parsed.data;
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!user || !ok) throw new Error(WRONG_CREDENTIALS);
  await clearSignInFailures(await getCacheStore(), email, client);
  return { id: user.id, email: user.email, name: user.name };
}

async function userIdForOAuthEmail(email: string, name: string | null | undefined): Promise<string> {
  const db = await getDb();
  const normalized = email.toLowerCase();
  await db.insert(users).values({ email: normalized, name: name ?? null }).onConflictDoNothing();
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, normalized)).limit(1);
  return row.id;
}

export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        return authorizeCredentials(credentials, signInClient(req?.headers?.["x-forwarded-for"] as string | undefined));
      },
    }),
  ];
  if (e.GITHUB_ID && e.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET }));
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET }));
  }
  return {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/signin" },
    providers,
    callbacks: {
      async jwt({ token, user, account }) {
        // OAuth users are matched to (or created as) Prism users by email; roles come from our memberships.
        if (account && account.provider !== "credentials" && user?.email) {
          token.sub = await userIdForOAuthEmail(user.email, user.name);
        }
        // At sign-in the token takes the user's current session version; a later bump refuses it.
        if (user && token.sub) token[SESSION_VERSION_CLAIM] = await currentSessionVersion(await getDb(), token.sub);
        return token;
      },
      async session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.sub, sv: token[SESSION_VERSION_CLAIM] });
        return session;
      },
    },
    events: {
      // Signing out ends every session of the user, so a copied token stops working too.
      async signOut({ token }) {
        if (token?.sub) await revokeSessions(await getDb(), token.sub);
      },
    },
  };
}
