"use client";
import Link from "next/link";
import { useEffect } from "react";
import styles from "./error.module.css";

/** A reference the server logs can be searched for: our API's request id, or Next's error digest. */
function referenceOf(error: unknown): string | null {
  if (!error || typeof error !== "object") return null;
  const { requestId, digest } = error as { requestId?: unknown; digest?: unknown };
  if (typeof requestId === "string" && requestId) return requestId;
  if (typeof digest === "string" && digest) return digest;
  return null;
}

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  const reference = referenceOf(error);

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <section className={`card ${styles.box}`} role="alert" aria-labelledby="app-error-title">
      <h1 id="app-error-title" className={styles.title}>
        Something went wrong
      </h1>
      <p className={styles.text}>This page could not be shown. It may be a passing problem, such as the database restarting: try again in a moment.</p>
      {reference ? (
        <p className={styles.reference}>
          If it keeps happening, tell whoever runs Origin Watch and quote this reference: <code>{reference}</code>
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="button" className="btn btn-primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className="btn">
          Go to the overview
        </Link>
      </div>
    </section>
  );
}
