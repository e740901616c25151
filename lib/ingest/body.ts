// Reads an ingest request body: bounded in size before and after gzip decoding, decoded as
// UTF-8 with invalid bytes replaced (one bad byte must not cost a whole batch).
import { gunzipSync } from "node:zlib";
import { AppError } from "@/lib/errors/app-error";

const ACCEPTED_TYPES = ["text/plain", "application/x-ndjson", "application/jsonl", "application/json", "application/octet-stream"];

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The body is larger than the limit of ${limit} bytes (INGEST_MAX_BODY_BYTES); send smaller batches.`);
}

async function readLimited(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export interface IngestBody {
  text: string;
  /** The media type without parameters, e.g. text/plain. */
  type: string;
}

export async function readIngestBody(req: Request, maxBytes: number): Promise<IngestBody> {
  const type = (req.headers.get("content-type") ?? "text/plain").split(";")[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.includes(type)) {
    throw new AppError("bad_request", `Content-Type ${type} is not accepted: send text/plain (one log line per line) or application/x-ndjson.`);
  }
  const raw = await readLimited(req, maxBytes);
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  let bytes: Buffer;
  if (encoding === "gzip" || encoding === "x-gzip") {
    try {
      bytes = gunzipSync(raw, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
      throw new AppError("bad_request", "The body is not valid gzip (Content-Encoding: gzip).");
    }
  } else if (encoding === "identity") {
    bytes = raw;
  } else {
    throw new AppError("bad_request", `Content-Encoding ${encoding} is not supported: use gzip or none.`);
  }
  return { text: new TextDecoder("utf-8", { fatal: false }).decode(bytes), type };
}
