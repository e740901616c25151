"use client";
import Link from "next/link";
import type { SourceView } from "@/lib/sources/schemas";
import { NewTokenBox } from "@/components/tokens/new-token-box";
import { ShipCommands } from "@/components/sources/ship-commands";
import styles from "./sources.module.css";

interface Props {
  source: SourceView;
  token: string;
  onDone: () => void;
  /** After a rotation the old token is already dead; after a create there is a page to visit. */
  rotated?: boolean;
}

/** A source's ingest token, shown once, with the commands that use it. */
export function NewSourceToken({ source, token, onDone, rotated = false }: Props) {
  return (
    <NewTokenBox
      name={source.name}
      token={token}
      onDone={onDone}
      title={rotated ? <>Copy the new ingest token of “{source.name}” now</> : <>Source “{source.name}” created: copy its ingest token now</>}
      secretLabel={`Ingest token of ${source.name}`}
      ifLost={rotated ? "rotate it again" : "rotate it on the source's page"}
      testId="new-source-token"
    >
      {rotated ? (
        <p className={styles.rotatedNote} role="note">
          The previous token no longer works. Give this one to every shipper that sends for this source.
        </p>
      ) : null}
      <ShipCommands kind={source.kind} token={token} format={source.format} />
      {rotated ? null : (
        <p className={styles.afterSend}>
          After the first lines arrive, <Link href={`/settings/sources/${encodeURIComponent(source.id)}`}>open {source.name}</Link> to see
          any line it could not read.
        </p>
      )}
    </NewTokenBox>
  );
}
