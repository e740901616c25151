// The one reader of request bodies. It counts bytes while the body streams in and stops at the
// route's cap, so no client can make the server hold more than that: a declared Content-Length
// over the cap is refused before reading, a chunked body as soon as it crosses the cap.
import { AppError } from "@/lib/errors/app-error";

/** JSON API bodies: far more than any form or config object needs. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Sign-in and first-run setup: an email, a password, a name, a CSRF token. */
export const FORM_BODY_LIMIT = 16 * 1024;

export interface BodyLimit {
  bytes: number;
  /** The setting that sets the cap, named in the answer so an operator knows what to raise. */
  setting?: string;
  /** What the sender should do instead; "send less" by default. */
  hint?: string;
}

function readable(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return ` (${bytes / (1024 * 1024)} MiB)`;
  if (bytes >= 1024 && bytes % 1024 === 0) return ` (${bytes / 1024} KiB)`;
  return "";
}

export function bodyTooLarge(limit: BodyLimit, what = "The request body"): AppError {
  const setting = limit.setting ? ` (${limit.setting})` : readable(limit.bytes);
  return new AppError("payload_too_large", `${what} is larger than the limit of ${limit.bytes} bytes${setting}; ${limit.hint ?? "send less"}.`);
}

/**
 * Passes chunks through while their total stays within the cap; throws the 413 as soon as it does
 * not. Used for the raw body and again for what a decoder (gzip) makes of it.
 */
export async function* capChunks(source: AsyncIterable<Uint8Array>, limit: BodyLimit, what?: string): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limit.bytes) throw bodyTooLarge(limit, what);
    yield chunk;
  }
}

// After an early answer (over a cap, or a 401/409/429 that never needed the body) the rest of the
// body is read and dropped rather than cut off: cutting it off resets a connection the client may
// still be writing to or about to reuse, and it then misses the answer or fails its next request.
// Dropping holds no memory; it is bounded so a client cannot keep the server reading forever.
const DRAIN_BYTES = 8 * 1024 * 1024;
const DRAIN_MS = 5_000;

function drain(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const stop = () => void reader.cancel().catch(() => undefined);
  const timer = setTimeout(stop, DRAIN_MS);
  timer.unref?.();
  void (async () => {
    let left = DRAIN_BYTES;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        left -= value.byteLength;
        if (left < 0) return stop();
      }
    } catch {
      // the sender went away
    } finally {
      clearTimeout(timer);
    }
  })();
}

async function* webChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Stopped early (over the cap, or the consumer refused the body): drop the rest.
    if (!finished) drain(reader);
  }
}

/** The body's chunks, capped. A GET, HEAD or bodiless request yields nothing. */
export function bodyChunks(req: Request, limit: BodyLimit): AsyncGenerator<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > limit.bytes) throw bodyTooLarge(limit);
  if (!req.body) return (async function* () {})();
  return capChunks(webChunks(req.body), limit);
}

/** The whole body as bytes, at most `limit.bytes` of them. */
export async function readBodyBytes(req: Request, limit: BodyLimit): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of bodyChunks(req, limit)) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The whole body as UTF-8 text (invalid bytes replaced, as Request.text() does). */
export async function readBodyText(req: Request, limit: BodyLimit): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, limit));
}

/** For an error answered before the body was read: drops the body (see drain) instead of leaving it. */
export function discardUnreadBody(req: Request): void {
  if (req.body && !req.bodyUsed) drain(req.body.getReader());
}
