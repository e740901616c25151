"use client";
import { useId, type ReactNode } from "react";
import type { ProxyKind } from "@/lib/ingest/types";
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
      <Snippet title="Ship continuously with the CLI (batches, gzip, retries, follows rotation)" text={commands.cli} copyLabel="Copy CLI command" />
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
