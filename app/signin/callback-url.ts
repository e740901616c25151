// Where to go after signing in: only a path on this site. Anything else ("//evil.example",
// "https://…", "/\\evil", "javascript:") falls back to the overview, so the sign-in page cannot be
// used to bounce people to another site.
const BASE = "http://origin-watch.invalid";

export function safeCallbackUrl(raw: string | string[] | undefined, fallback = "/"): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return fallback;
    // Coming back to sign-in or setup after signing in would loop.
    if (url.pathname === "/signin" || url.pathname === "/setup") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
