import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";
import { boundedAuthRequest } from "@/lib/http/auth-body";

const handler = (req: Request, ctx: unknown) => NextAuth(authOptions())(req, ctx);

export const GET = handler;

/** next-auth reads whole bodies itself: the body is size-checked while streaming first (413 past 64 KB). */
export async function POST(req: Request, ctx: unknown) {
  const bounded = await boundedAuthRequest(req);
  return bounded instanceof Response ? bounded : handler(bounded, ctx);
}
