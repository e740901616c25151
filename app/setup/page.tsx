import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SetupForm } from "@/components/auth/setup-form";
import { needsSetup } from "@/lib/auth/users";
import { getPrisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  // Setup exists only until the first user does; after that it is the sign-in page's job.
  if (!(await needsSetup(await getPrisma()))) redirect("/signin");
  return (
    <AuthShell
      title="Create the owner account"
      intro={
        <p>
          Welcome to Origin Watch. The owner can do everything, including adding people and choosing their roles; you can make others
          owners later.
        </p>
      }
    >
      <SetupForm />
    </AuthShell>
  );
}
