"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { CopyButton } from "@/components/tokens/copy-button";
import styles from "./tokens.module.css";

interface Props {
  name: string;
  token: string;
  onDone: () => void;
  /** Defaults suit an API token; a source's ingest token says so in its own words. */
  title?: ReactNode;
  secretLabel?: string;
  /** What to do when the token is lost, finishing "If it is lost, …". */
  ifLost?: string;
  testId?: string;
  /** Replaces the default "Try it" example: e.g. a source's ready-to-copy shipping commands. */
  children?: ReactNode;
}

/** Shows a just-created token once. Only its hash is stored, so this is the one chance to copy it. */
export function NewTokenBox({
  name,
  token,
  onDone,
  title,
  secretLabel = "New API token",
  ifLost = "revoke it and create a new one",
  testId = "new-token",
  children,
}: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  const inputId = useId();
  const curl = `curl -H "Authorization: Bearer ${token}" ${window.location.origin}/api/v1/me`;

  // Move focus here so keyboard and screen-reader users hear the warning first.
  useEffect(() => {
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: "nearest" });
  }, [token]);

  return (
    <section className={`card ${styles.box}`} aria-labelledby={titleId} data-testid={testId}>
      <h2 id={titleId} ref={headingRef} tabIndex={-1} className={styles.boxTitle}>
        {title ?? <>Copy the token “{name}” now</>}
      </h2>
      <p className={styles.boxText}>
        It will not be shown again: Origin Watch keeps only a fingerprint of it. Store it somewhere safe, such as a password manager. If it is
        lost, {ifLost}.
      </p>
      <label htmlFor={inputId} className="sr-only">
        {secretLabel}
      </label>
      <div className={styles.secretRow}>
        <input id={inputId} className={styles.secret} readOnly value={token} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <CopyButton text={token} label="Copy token" />
      </div>
      {children ?? (
        <div className={styles.example}>
          <p className={styles.exampleLabel}>Try it</p>
          <pre className={styles.pre}>
            <code>{curl}</code>
          </pre>
        </div>
      )}
      <div className={styles.boxActions}>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I have copied it
        </button>
        {children ? null : <CopyButton text={curl} label="Copy command" />}
      </div>
    </section>
  );
}
