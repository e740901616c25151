// Shared pieces of the notification tests: a local HTTP receiver that records every request and
// answers from a script, an independent Standard Webhooks verifier, and incidents made through the
// real lifecycle (lib/incidents/lifecycle.ts) from transitions.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Database } from "@/lib/db/client";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { applyTransitions, type WrittenTransition } from "@/lib/incidents/lifecycle";
import type { Actor } from "@/lib/auth/permissions";

export const owner: Actor = { kind: "cli", id: "cli", role: "owner" };

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** Answers, in order; the last one repeats. */
  answers: { status: number; headers?: Record<string, string>; delayMs?: number }[];
  close(): Promise<void>;
}

export async function startReceiver(answers: Receiver["answers"] = [{ status: 200 }]): Promise<Receiver> {
  const requests: Received[] = [];
  const receiver: Receiver = { url: "", requests, answers, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const n = requests.length;
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const answer = receiver.answers[Math.min(n, receiver.answers.length - 1)]!;
      setTimeout(() => {
        res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        res.end(answer.status < 300 ? '{"ok":true}' : '{"error":"scripted failure"}');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

/**
 * Standard Webhooks verification written from the spec, sharing no code with lib/: the key is the
 * base64 after "whsec_", the content "<id>.<timestamp>.<body>", each space-separated "v1,<sig>"
 * compared in constant time; the timestamp must be within 5 minutes.
 */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const id = headers["webhook-id"];
  const ts = headers["webhook-timestamp"];
  const sigs = headers["webhook-signature"];
  if (typeof id !== "string" || typeof ts !== "string" || typeof sigs !== "string") return false;
  if (Math.abs(nowSeconds - Number(ts)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest();
  return sigs.split(" ").some((entry) => {
    const [version, sig] = entry.split(",");
    if (version !== "v1" || !sig) return false;
    const got = Buffer.from(sig, "base64");
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

export async function makeRule(db: Database, name: string, opts: { severity?: string; channels?: string[] } = {}) {
  const view = await createRule(
    db.prisma,
    owner,
    { name, kind: "error_rate", scope: {}, config: { status: "5xx", above: 5, window: "5m", minRequests: 20 }, for: "0s", keepFiringFor: "0s", severity: opts.severity ?? "warning", channels: opts.channels ?? [] },
    limitsFromRetention({ minuteDays: 30 }),
  );
  return { id: view.id, name: view.name, severity: view.severity };
}

export function transition(backend: string, to: "firing" | "normal", at: number, extra: Partial<WrittenTransition> = {}): WrittenTransition {
  return { instanceKey: backend, from: to === "firing" ? "pending" : "firing", to, at, value: to === "firing" ? 12.5 : 0, threshold: 5, reason: null, backfilled: false, ...extra };
}

/** Applies transitions the way evaluation does: in one transaction, through the lifecycle. */
export async function fire(db: Database, rule: { id: string; name: string; severity: string }, ts: WrittenTransition[]) {
  return db.sql.transaction((tx) => applyTransitions(tx, rule, ts));
}

export async function incidentOf(db: Database, backend: string): Promise<string> {
  const rows = await db.sql.query<{ id: string }>(`SELECT id FROM incidents WHERE backend = $1 ORDER BY opened_at DESC LIMIT 1`, [backend]);
  if (!rows[0]) throw new Error(`no incident on ${backend}`);
  return rows[0].id;
}

export async function timeline(db: Database, incidentId: string): Promise<{ kind: string; message: string }[]> {
  return db.sql.query(`SELECT kind, message FROM incident_events WHERE incident_id = $1 ORDER BY id`, [incidentId]);
}
