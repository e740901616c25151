import type { Metadata } from "next";
import { AuthShell } from "@/components/auth/auth-shell";

export const metadata: Metadata = { title: "Link not available", robots: { index: false, follow: false } };

// One page for an unknown, expired or revoked link alike, and no way anywhere from it: whoever
// holds a dead link learns nothing about why, nor about the dashboard behind it.
export default function ShareNotFound() {
  return (
    <AuthShell title="This link is not available">
      <p className="muted">The link may be mistyped, or it has expired or been revoked. Ask whoever sent it for a new one.</p>
    </AuthShell>
  );
}
