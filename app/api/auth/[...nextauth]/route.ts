import NextAuth from "next-auth";
import { authOptions, signInClient } from "@/lib/auth/next-auth";
import { throttleCredentialsCallback } from "@/lib/auth/sign-in-throttle";
import { getCacheStore } from "@/lib/cache/store";
import { boundedAuthRequest } from "@/lib/http/auth-body";

const handler = (req: Request, ctx: unknown) => NextAuth(authOptions())(req, ctx);

// The body is size-checked while streaming first (413 past 64 KB): next-auth reads whole bodies itself.
// Sign-in attempts over a limit are answered 429 here: next-auth's credentials callback can only say 401.
async function POST(req: Request, ctx: unknown) {
  const bounded = await boundedAuthRequest(req);
  if (bounded instanceof Response) return bounded;
  const client = signInClient(bounded.headers.get("x-forwarded-for"));
  return (await throttleCredentialsCallback(bounded, await getCacheStore(), client)) ?? handler(bounded, ctx);
}
export { handler as GET, POST };
