"use client";
// The CDN-side steps for a new CDN source (cdn-steps.ts), each ready to copy.
import type { CdnKind } from "@/lib/ingest/types";
import { CopyButton } from "@/components/tokens/copy-button";
import { cdnSteps } from "@/components/sources/cdn-steps";
import { KIND_GUIDES } from "@/components/sources/source-kinds";
import styles from "./sources.module.css";

export function CdnSteps({ kind, token }: { kind: CdnKind; token: string }) {
  const steps = cdnSteps(window.location.origin, kind, token);
  return (
    <div className={styles.commands} data-testid="cdn-steps">
      <h3 className={styles.commandsTitle}>On {KIND_GUIDES[kind].short}&rsquo;s side</h3>
      <ol>
        {steps.map((step) => (
          <li key={step.title} className={styles.snippet}>
            <div className={styles.snippetHead}>
              <p className={styles.snippetTitle}>{step.title}</p>
              <CopyButton text={step.text} label={`Copy: ${step.title}`} />
            </div>
            {step.note ? <p className={styles.snippetNote}>{step.note}</p> : null}
            <pre className={styles.snippetPre}>
              <code>{step.text}</code>
            </pre>
          </li>
        ))}
      </ol>
    </div>
  );
}
