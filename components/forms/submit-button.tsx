import type { ReactNode } from "react";

/**
 * The form's main button. While the request runs it stays focusable (aria-disabled, not disabled)
 * so keyboard focus is not thrown back to the page; the form's submit handler ignores repeats.
 */
export function SubmitButton({ pending, children, variant = "primary" }: { pending: boolean; children: ReactNode; variant?: "primary" | "default" }) {
  return (
    <button type="submit" className={variant === "primary" ? "btn btn-primary" : "btn"} aria-disabled={pending || undefined} aria-busy={pending || undefined}>
      {pending ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
