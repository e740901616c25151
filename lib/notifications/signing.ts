// Standard Webhooks 1.0 signing: `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
// keyed by the base64 part of a `whsec_` secret; several signatures, space-separated, during a
// rotation.
import { createHmac, randomBytes } from "node:crypto";

export const SECRET_PREFIX = "whsec_";
/** After a rotation the previous secret still signs for this long. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  return "v1," + createHmac("sha256", secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
}

/** The three headers, signed with every secret given (current first). */
export function signatureHeaders(secrets: string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": secrets.map((s) => sign(s, id, timestampSeconds, body)).join(" "),
  };
}
