import NextAuth from "next-auth";
import { authOptions, signInClient } from "@/lib/auth/next-auth";
import { throttleCredentialsCallback } from "@/lib/auth/sign-in-throttle";
import { getCacheStore } from "@/lib/cache/store";

const handler = (req: Request, ctx: unknown) => NextAuth(authOptions())(req, ctx);

// Sign-in attempts over a limit are answered 429 here: next-auth's credentials callback can only say 401.
async function POST(req: Request, ctx: unknown) {
  const client = signInClient(req.headers.get("x-forwarded-for"));
  return (await throttleCredentialsCallback(req, await getCacheStore(), client)) ?? handler(req, ctx);
}
export { handler as GET, POST };
