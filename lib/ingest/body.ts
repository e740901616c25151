// Reads an ingest request body as a stream: bounded in bytes before and after gzip decoding,
// decoded as UTF-8 with invalid bytes replaced (one bad byte must not cost a whole batch), split
// into lines as it arrives, with the line count checked after every chunk. At no point does the
// server hold the compressed body, the decoded body and its lines side by side.
import { pipeline, Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { bodyChunks, capChunks, type BodyLimit } from "@/lib/wire/body";
import { LineSplitter } from "@/lib/ingest/lines";

const ACCEPTED_TYPES = ["text/plain", "application/x-ndjson", "application/jsonl", "application/json", "application/octet-stream"];

export interface IngestBodyLimits {
  /** Bytes, on the wire and again after gzip decoding. */
  maxBodyBytes: number;
  /** Lines in one batch. */
  maxLines: number;
}

export interface IngestBody {
  lines: string[];
  /** The media type without parameters, e.g. text/plain. */
  type: string;
}

export interface IngestRequestShape {
  type: string;
  gzip: boolean;
}

/** Checks the headers, so a body that could never be accepted is refused before it is read. */
export function ingestRequestShape(req: Request): IngestRequestShape {
  const type = (req.headers.get("content-type") ?? "text/plain").split(";")[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.includes(type)) {
    throw new AppError("bad_request", `Content-Type ${type} is not accepted: send text/plain (one log line per line) or application/x-ndjson.`);
  }
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "x-gzip") {
    throw new AppError("bad_request", `Content-Encoding ${encoding} is not supported: use gzip or none.`);
  }
  return { type, gzip: encoding !== "identity" };
}

// zlib's default 16 KiB output chunks made reading a batch cost twice gunzipSync's CPU (each chunk
// is a trip through the thread pool and the stream machinery); at 64 KiB it is on par.
const GUNZIP_CHUNK_BYTES = 64 * 1024;

async function* gunzipped(raw: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  // pipeline() hands a failure of either side (the byte cap, broken gzip) to the other and
  // stops both; leaving this loop early (the line cap) destroys the gunzip, and with it the reader.
  pipeline(Readable.from(raw, { objectMode: false }), gunzip, () => undefined);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError("bad_request", "The body is not valid gzip (Content-Encoding: gzip).");
  }
}

/**
 * The body's lines. `admit` is called with the running line count as the body streams in, before
 * those lines are kept: the endpoint consults the source's rate there.
 */
export async function readIngestLines(
  req: Request,
  shape: IngestRequestShape,
  limits: IngestBodyLimits,
  admit: (lines: number) => void = () => undefined,
): Promise<IngestBody> {
  const bytes: BodyLimit = { bytes: limits.maxBodyBytes, setting: "INGEST_MAX_BODY_BYTES", hint: "send smaller batches" };
  const raw = bodyChunks(req, bytes);
  const chunks = shape.gzip ? capChunks(gunzipped(raw), bytes, "The body after gzip decoding") : raw;
  const splitter = new LineSplitter((count) => {
    if (count > limits.maxLines) {
      throw new AppError(
        "payload_too_large",
        `The body has more than the limit of ${limits.maxLines} lines (INGEST_MAX_LINES_PER_BATCH); send smaller batches.`,
      );
    }
    admit(count);
  });
  // StringDecoder rather than TextDecoder: per chunk it is the faster of the two (native
  // Buffer#toString); it keeps a character split across chunks whole, but leaves a BOM in.
  const decoder = new StringDecoder("utf8");
  let first = true;
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    splitter.push(first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (text) first = false;
  }
  splitter.push(decoder.end());
  return { lines: splitter.end(), type: shape.type };
}
