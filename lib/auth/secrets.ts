import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret with a readable prefix (ow_api_…, ow_src_…, ow_share_…). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString("base64url")}`;
}

/** Tokens are high-entropy, so a fast hash is the right tool (no salt or stretching needed). */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, secret.indexOf("_", 3) + 5);
}

/** Compares two secrets (or their hashes) in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
