// The source a batch is written by, found by its ingest token. It lives with ingest (not
// lib/sources) so that sources, which compile their formats with ingest's parsers, are the only
// side that imports the other.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashSecret } from "@/lib/auth/secrets";
import type { ProxyKind } from "@/lib/ingest/types";

export const SOURCE_TOKEN_PREFIX = "ow_src";

export interface IngestSource {
  id: string;
  name: string;
  kind: ProxyKind;
  format: string | null;
  defaultBackend: string | null;
  /** Varnish: declared as fed by varnishncsa -b (lib/ingest/formats/varnish.ts); absent: not declared. */
  backendSide?: boolean;
}

export async function sourceFromToken(prisma: PrismaClient, token: string): Promise<IngestSource | null> {
  if (!token.startsWith(`${SOURCE_TOKEN_PREFIX}_`)) return null;
  const row = await prisma.source.findUnique({ where: { tokenHash: hashSecret(token) } });
  return row ? { id: row.id, name: row.name, kind: row.kind as ProxyKind, format: row.format, defaultBackend: row.defaultBackend, backendSide: row.backendSide } : null;
}
