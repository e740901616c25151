"use client";
import { useId } from "react";

const OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

/**
 * A timestamp in the reader's own locale and time zone. The server cannot know either, so an inline
 * script rewrites the text before first paint (hard loads); on client renders the browser formats it
 * directly. See Next's "Preventing flash before hydration" guide.
 */
export function LocalTime({ iso, fallback = "—" }: { iso: string | null; fallback?: string }) {
  const id = useId();
  if (!iso) return <span className="muted">{fallback}</span>;
  const text = new Date(iso).toLocaleString(undefined, OPTIONS);
  const script = `{var n=document.getElementById(${JSON.stringify(id)});if(n)n.textContent=new Date(${JSON.stringify(iso)}).toLocaleString(undefined,${JSON.stringify(OPTIONS)})}`;
  return (
    <>
      <time id={id} dateTime={iso} title={iso} suppressHydrationWarning>
        {text}
      </time>
      <script
        type={typeof window === "undefined" ? "text/javascript" : "text/plain"}
        suppressHydrationWarning
        dangerouslySetInnerHTML={{ __html: script }}
      />
    </>
  );
}
