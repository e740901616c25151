// The HTTP security headers, in one place. Pages get theirs from proxy.ts, per request, because
// their Content-Security-Policy carries a fresh nonce; everything else (API answers, Next's
// assets, files) gets the static set from next.config.ts. Pure: no next/* imports, no env reads
// (next.config.ts imports this file by a relative path, before any alias exists).

/** Request header that hands the proxy's nonce to the root layout (for its inline theme script). */
export const NONCE_HEADER = "x-ow-nonce";

export type SecurityHeaders = Record<string, string>;

// Nothing the dashboard does needs a device or a powerful feature. The clipboard is left alone:
// the token and command boxes copy with navigator.clipboard. Only features Chromium knows, so
// that the header does not print "unrecognized feature" warnings in every console.
const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "encrypted-media=()",
  "fullscreen=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "picture-in-picture=()",
  "publickey-credentials-get=()",
  "screen-wake-lock=()",
  "serial=()",
  "usb=()",
  "xr-spatial-tracking=()",
].join(", ");

const COMMON: SecurityHeaders = {
  "x-content-type-options": "nosniff",
  // frame-ancestors 'none' says the same to browsers that read CSP; this is for those that do not.
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": PERMISSIONS_POLICY,
};

/**
 * Everything that is not a page: JSON answers, scripts, styles, fonts, icons. None of it is a
 * document that should load anything or be framed, so the policy allows nothing.
 * Keys are lower case on purpose: Next applies these first and the proxy's page headers after,
 * and only identical keys replace each other (otherwise a page would get two policies).
 */
export const STATIC_HEADERS: SecurityHeaders = {
  ...COMMON,
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

/**
 * Paths whose headers differ from the other pages'; the first matching prefix wins. Share pages
 * carry their secret token in the URL, so no Referer may ever reveal it, not even an origin.
 */
const PAGE_OVERRIDES: Array<{ prefix: string; headers: SecurityHeaders }> = [
  // Share links are for the people they were sent to: never in a search index either.
  { prefix: "/s/", headers: { "referrer-policy": "no-referrer", "x-robots-tag": "noindex, nofollow" } },
];

export interface PagePolicyOptions {
  nonce: string;
  /**
   * `next dev`: React's dev tooling needs eval (without it Chromium reported ~140 eval violations
   * on /setup) and Next's dev overlay injects <style> elements without the nonce.
   */
  dev: boolean;
  /** The public URL (NEXTAUTH_URL) is https: pin browsers to it (HSTS) and upgrade stray http. */
  https: boolean;
}

/** The page's Content-Security-Policy. Next reads the nonce back from it to stamp its scripts. */
export function pagePolicy({ nonce, dev, https }: PagePolicyOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonce-stamped ones load (Next's chunks) are trusted too.
    // 'self' is for browsers older than CSP 3, which ignore 'strict-dynamic'.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // <style> and stylesheets: our own files, or stamped with the nonce.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // style="..." attributes: React server-renders them (chart heights, legend swatch colours,
    // the skeletons), Recharts writes them on its SVG, and the PNG export copies computed styles
    // onto a cloned SVG with setAttribute. A nonce cannot cover an attribute, and hashing each
    // one ('unsafe-hashes') cannot work for values computed at run time. Tried without: Chromium
    // reported about 300 violations on the overview, a backend's page, samples and events (csp.spec.ts).
    // An attribute can only style its own element: it cannot run a script, and url() in it is held
    // by img-src. (Styles React sets from the browser go through the CSSOM, which CSP does not police.)
    "style-src-attr 'unsafe-inline'",
    // data: the PNG export draws the chart's SVG through an <img> with a data: URL.
    // blob: the CSV and PNG downloads are blob: links.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  // Only with https: on a plain-http address it would send every asset to a port that is not there.
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Every security header of one page response. */
export function pageHeaders(path: string, opts: PagePolicyOptions): SecurityHeaders {
  const headers: SecurityHeaders = { ...COMMON, "content-security-policy": pagePolicy(opts) };
  // A year, this host only: the operator's other hosts are not ours to pin.
  if (opts.https) headers["strict-transport-security"] = "max-age=31536000";
  const override = PAGE_OVERRIDES.find((o) => path.startsWith(o.prefix));
  return override ? { ...headers, ...override.headers } : headers;
}

/** 128 random bits, base64: a nonce per page response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
