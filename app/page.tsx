import { redirect } from "next/navigation";
import { currentPrincipal } from "@/app/_server/page-auth";

export default async function Home() {
  const principal = await currentPrincipal();
  if (!principal) redirect("/signin");
  redirect(principal.role === "member" ? "/me" : "/overview");
}
