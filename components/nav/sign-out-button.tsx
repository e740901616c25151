"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";

export function SignOutButton({ className }: { className?: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function onClick() {
    if (pending) return;
    setPending(true);
    // redirect:false, then navigate ourselves: next-auth builds its redirect on NEXTAUTH_URL, which
    // defaults to http://localhost:3000 when unset, and would send people to the wrong host.
    await signOut({ callbackUrl: "/signin", redirect: false }).catch(() => undefined);
    router.replace("/signin");
    // Drop the signed-in pages from the client's router cache.
    router.refresh();
  }

  return (
    <button type="button" className={className ?? "btn"} aria-busy={pending || undefined} onClick={onClick}>
      {pending ? <span className="spinner" aria-hidden="true" /> : null}
      Sign out
    </button>
  );
}
