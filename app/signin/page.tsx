import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { redirect } from "next/navigation";
import { currentPrincipal } from "@/app/_server/page-auth";
import { SignInForm } from "@/components/auth/sign-in-form";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await currentPrincipal()) redirect("/");
  const e = env();
  const oauth = [
    ...(e.GITHUB_ID && e.GITHUB_SECRET ? [{ id: "github", name: "GitHub" }] : []),
    ...(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET ? [{ id: "google", name: "Google" }] : []),
  ];
  return (
    <AuthCard title="Sign in">
      <SignInForm oauthProviders={oauth} />
    </AuthCard>
  );
}
