import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SignInForm } from "@/components/auth/sign-in-form";
import { enabledOAuthProviders } from "@/lib/auth/next-auth";
import { sessionActor } from "@/lib/auth/session";
import { needsSetup } from "@/lib/auth/users";
import { getPrisma } from "@/lib/db/client";
import { safeCallbackUrl } from "./callback-url";
import { signInErrorMessage } from "./error-messages";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  if (await needsSetup(await getPrisma())) redirect("/setup");
  const callbackUrl = safeCallbackUrl(query.callbackUrl);
  if (await sessionActor()) redirect(callbackUrl);
  return (
    <AuthShell title="Sign in" intro={<p>Welcome back. Sign in with your Origin Watch account.</p>}>
      <SignInForm callbackUrl={callbackUrl} providers={enabledOAuthProviders()} initialError={signInErrorMessage(query.error)} />
    </AuthShell>
  );
}
