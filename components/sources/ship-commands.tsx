"use client";
import { useId, type ReactNode } from "react";
import { isCdnKind, type ProxyKind } from "@/lib/ingest/types";
import { CdnSteps } from "@/components/sources/cdn-steps-view";
import { CopyButton } from "@/components/tokens/copy-button";
import { KIND_GUIDES } from "@/components/sources/source-kinds";
import { shipCommands } from "@/components/sources/shipping";
import styles from "./sources.module.css";

interface Props {
  kind: ProxyKind;
  token: string;
  format: string | null;
}

function Snippet({ title, text, copyLabel, children }: { title: string; text: string; copyLabel: string; children?: ReactNode }) {
  const titleId = useId();
  return (
    <div className={styles.snippet}>
      <div className={styles.snippetHead}>
        <p id={titleId} className={styles.snippetTitle}>
          {title}
        </p>
        <CopyButton text={text} label={copyLabel} describedBy={titleId} />
      </div>
      {children}
      <pre className={styles.snippetPre}>
        <code>{text}</code>
      </pre>
    </div>
  );
}

/** Ready-to-copy ways to start sending, for the source whose token was just shown. */
export function ShipCommands({ kind, token, format }: Props) {
  const commands = shipCommands(window.location.origin, kind, token, format);
  const guide = KIND_GUIDES[kind];
  if (isCdnKind(kind)) {
    return (
      <>
        <CdnSteps kind={kind} token={token} />
        <div className={styles.commands}>
          <Snippet title="Or send a saved log file once, with curl" text={commands.curl} copyLabel="Copy curl command" />
        </div>
      </>
    );
  }
  return (
    <div className={styles.commands}>
      <h3 className={styles.commandsTitle}>Start sending logs</h3>
      <p className={styles.commandsIntro}>
        Send one log line per line to <code>/api/v1/ingest</code> with this token. Lines that cannot be read are rejected one by one and listed
        on the source&rsquo;s page; the rest of the batch counts.
      </p>
      {commands.proxy ? (
        <Snippet
          title={kind === "varnish" ? "On the Varnish host: log backend fetches too" : "In nginx: write this source's format"}
          text={commands.proxy}
          copyLabel="Copy proxy setting"
        >
          {guide.proxyNote ? <p className={styles.snippetNote}>{guide.proxyNote}</p> : null}
        </Snippet>
      ) : guide.proxyNote ? (
        <p className={styles.snippetNote}>{guide.proxyNote}</p>
      ) : null}
      <Snippet title="Send a file once, with curl" text={commands.curl} copyLabel="Copy curl command" />
      <Snippet title="Ship continuously: download this server's shipper (one file, Node.js 18+, no npm) and run it" text={commands.shipper} copyLabel="Copy shipper commands">
        <p className={styles.snippetNote}>Batches, gzip, retries, and follows log rotation; a batch sent twice is counted once.</p>
      </Snippet>
      <details className={styles.more} open>
        <summary>Keep it running with systemd</summary>
        <Snippet title="Token file, unit and start" text={commands.systemd} copyLabel="Copy systemd setup" />
      </details>
      <details className={styles.more}>
        <summary>Vector (http sink)</summary>
        <Snippet title="vector.toml" text={commands.vector} copyLabel="Copy Vector configuration" />
      </details>
      <details className={styles.more}>
        <summary>Fluent Bit (http output)</summary>
        <Snippet title="fluent-bit.conf" text={commands.fluentBit} copyLabel="Copy Fluent Bit configuration" />
      </details>
    </div>
  );
}
