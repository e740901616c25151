// Worst-case request bodies for the security tests (tests/integration/security) and bench:abuse,
// made as streams so that the client never holds them: a 200 MiB body costs it one 64 KiB chunk.
import { gzipSync } from "node:zlib";

export const MiB = 1024 * 1024;

/** A body of `total` bytes of `byte`, streamed in 64 KiB chunks; `sent()` tells how much went out. */
export function streamedBody(total: number, byte = 0x61): { body: ReadableStream<Uint8Array>; sent: () => number } {
  const chunk = new Uint8Array(64 * 1024).fill(byte);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk.byteLength, total - sent);
      sent += n;
      controller.enqueue(n === chunk.byteLength ? chunk : chunk.subarray(0, n));
    },
  });
  return { body, sent: () => sent };
}

/** Streamed chunked POST; the answer's status and text, or the error when the server hung up. */
export async function postStream(
  url: string,
  total: number,
  headers: Record<string, string>,
  opts: { byte?: number; timeoutMs?: number } = {},
): Promise<{ status: number; text: string; ms: number; sentBytes: number }> {
  const started = Date.now();
  const { body, sent } = streamedBody(total, opts.byte);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 60_000);
  try {
    const r = await fetch(url, { method: "POST", headers, body, duplex: "half", signal: controller.signal } as RequestInit);
    const text = await r.text();
    return { status: r.status, text, ms: Date.now() - started, sentBytes: sent() };
  } finally {
    clearTimeout(timer);
    controller.abort(); // stop sending what the server no longer reads
  }
}

/** 31 MiB of "\n", gzipped (about 31 KB): inside INGEST_MAX_BODY_BYTES, 31 M empty lines. */
export function newlineBomb(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gzipSync(Buffer.alloc(31 * MiB, 0x0a), { level: 9 }));
}

/** A gzip body of exactly `lines` lines of `lineBytes` bytes (newline included) that no format parses. */
export function fullBatch(lines: number, lineBytes = 64): Uint8Array<ArrayBuffer> {
  const line = Buffer.from("x".repeat(lineBytes - 1) + "\n");
  const body = Buffer.alloc(lines * lineBytes);
  for (let i = 0; i < lines; i++) line.copy(body, i * lineBytes);
  return new Uint8Array(gzipSync(body));
}
