import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <AuthShell title="Page not found">
      <div className="stack">
        <p className="muted">There is no page at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          <Link href="/" className="btn btn-primary">
            Go to the overview
          </Link>
        </p>
      </div>
    </AuthShell>
  );
}
