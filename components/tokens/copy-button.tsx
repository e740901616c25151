"use client";
import { useEffect, useState } from "react";
import styles from "./tokens.module.css";

/** Copies text; says so in a polite live region. Falls back to execCommand where the Clipboard API is missing (plain http). */
export function CopyButton({ text, label = "Copy", describedBy, small = false }: { text: string; label?: string; describedBy?: string; small?: boolean }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(text);
      else legacyCopy(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <>
      <button type="button" className={small ? "btn btn-sm" : "btn"} onClick={copy} aria-describedby={describedBy}>
        {label}
      </button>
      <span aria-live="polite" className={state === "failed" ? `${styles.copyStatus} field-error` : styles.copyStatus}>
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text and copy it" : ""}
      </span>
    </>
  );
}

function legacyCopy(text: string) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}
