import type { ReactNode } from "react";

/**
 * A form-level message, shown only when there is one. An error uses role="alert" and a success
 * role="status", so screen readers announce it when it appears. `children` adds to the message (a link).
 */
export function FormAlert({ message, tone = "error", children }: { message: string | null | undefined; tone?: "error" | "ok"; children?: ReactNode }) {
  if (!message) return null;
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`alert alert-${tone}`}>
      {message}
      {children ? <> {children}</> : null}
    </div>
  );
}
