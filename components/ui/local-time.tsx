"use client";
import { useId } from "react";
import { useNonce } from "@/components/ui/nonce";

const OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
// dateStyle/timeStyle cannot be combined with timeZoneName, hence the spelled-out fields.
const WITH_ZONE: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };

// Made once: Date#toLocaleString with options builds a new formatter on every call (~0.1 ms each,
// a table of backends or events pays it per row). Same locale, options and output.
const plain = new Intl.DateTimeFormat(undefined, OPTIONS);
const withZone = new Intl.DateTimeFormat(undefined, WITH_ZONE);

/**
 * A timestamp in the reader's own locale and time zone. The server cannot know either, so an inline
 * script rewrites the text before first paint (hard loads); on client renders the browser formats it
 * directly. See Next's "Preventing flash before hydration" guide.
 */
export function LocalTime({ iso, fallback = "—", zone = false }: { iso: string | null; fallback?: string; /** Name the zone: "…, 10:05 GMT+1". */ zone?: boolean }) {
  const id = useId();
  // The page's Content-Security-Policy runs inline scripts only with its nonce.
  const nonce = useNonce();
  if (!iso) return <span className="muted">{fallback}</span>;
  const options = zone ? WITH_ZONE : OPTIONS;
  const text = (zone ? withZone : plain).format(new Date(iso));
  const script = `{var n=document.getElementById(${JSON.stringify(id)});if(n)n.textContent=new Date(${JSON.stringify(iso)}).toLocaleString(undefined,${JSON.stringify(options)})}`;
  return (
    <>
      <time id={id} dateTime={iso} title={iso} suppressHydrationWarning>
        {text}
      </time>
      <script
        type={typeof window === "undefined" ? "text/javascript" : "text/plain"}
        nonce={nonce}
        suppressHydrationWarning
        dangerouslySetInnerHTML={{ __html: script }}
      />
    </>
  );
}
