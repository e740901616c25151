// Every channel kind against a local receiver that checks the request shape of the service it
// stands in for (Slack Block Kit, a Teams Adaptive Card, Discord embeds, PagerDuty Events v2, ...),
// and email into a real SMTP server on loopback (smtp-server), with its plain-text and HTML parts.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { builtInEgressPolicy, EgressPolicy } from "@/lib/net/egress";
import { CHANNEL_KINDS, CHANNEL_KIND_IDS, type ChannelKindId } from "@/lib/notifications/channels/registry";
import { attempt, type ChannelRow } from "@/lib/notifications/sender";
import type { NotificationPayload } from "@/lib/notifications/message";
import { startReceiver, type Receiver } from "./support";

const message: NotificationPayload = {
  type: "incident.opened",
  timestamp: "2026-12-07T10:00:00.000Z",
  title: "[CRITICAL] api: 5xx, mostly backend_timeout",
  text: "Backend api has been failing for 4 min, since 2026-12-07T09:56:00Z.\nWhy: the origin accepted connections but did not answer in time (backend_timeout 80 %, backend_error 20 % of 5xx).\nCheck first: Is the origin process up?\nIncident: https://watch.example.com/incidents/inc_1",
  incident: {
    id: "inc_1",
    title: "api: 5xx, mostly backend_timeout",
    status: "open",
    severity: "critical",
    url: "https://watch.example.com/incidents/inc_1",
    backends: ["api"],
    causes: [{ cause: "backend_timeout", share: 0.8 }, { cause: "backend_error", share: 0.2 }],
    openedAt: "2026-12-07T09:58:00.000Z",
    resolvedAt: null,
    firstStep: { title: "Is the origin process up?", detail: "..." },
    durationMs: null,
    failedRequests: null,
  },
  rule: { id: "r1", name: "api 5xx" },
  value: 12.5,
};

let r: Receiver;
before(async () => {
  r = await startReceiver();
});
after(async () => r?.close());

const row = (kind: string, config: Record<string, unknown>): ChannelRow => ({ id: `c_${kind}`, name: kind, kind, config, enabled: true, secret: null, previousSecret: null, previousSecretUntil: null });

async function sendAs(kind: ChannelKindId, config: Record<string, unknown>, m: NotificationPayload = message) {
  const before = r.requests.length;
  const parsed = CHANNEL_KINDS[kind].configSchema.parse(config) as Record<string, unknown>;
  const out = await attempt(row(kind, parsed), m, "msg_golden", { egress: builtInEgressPolicy, concurrency: 1 }, Date.now());
  assert.equal(out.ok, true, JSON.stringify(out));
  assert.equal(r.requests.length, before + 1);
  const req = r.requests.at(-1)!;
  assert.equal(req.method, "POST");
  assert.match(String(req.headers["content-type"]), /^application\/json/);
  return { req, body: JSON.parse(req.body) as Record<string, unknown> };
}

const GOLDEN: Record<Exclude<ChannelKindId, "email" | "webhook">, () => Promise<void>> = {
  async slack() {
    const { req, body } = await sendAs("slack", { url: `${r.url}/services/T000/B000/XXX` });
    assert.equal(req.path, "/services/T000/B000/XXX");
    assert.equal(body.text, message.title);
    const blocks = body.blocks as { type: string; text?: { type: string; text: string }; elements?: { type: string; url: string }[] }[];
    assert.deepEqual(blocks.map((b) => b.type), ["header", "section", "actions"]);
    assert.equal(blocks[0]!.text!.type, "plain_text");
    assert.equal(blocks[1]!.text!.type, "mrkdwn");
    assert.match(blocks[1]!.text!.text, /Check first: Is the origin process up\?/);
    assert.equal(blocks[2]!.elements![0]!.type, "button");
    assert.equal(blocks[2]!.elements![0]!.url, message.incident.url);
  },
  async teams() {
    const { body } = await sendAs("teams", { url: `${r.url}/workflows/abc` });
    assert.equal(body.type, "message");
    const [att] = body.attachments as { contentType: string; content: { type: string; version: string; body: { type: string; text: string }[]; actions: { type: string; url: string }[] } }[];
    assert.equal(att!.contentType, "application/vnd.microsoft.card.adaptive");
    assert.equal(att!.content.type, "AdaptiveCard");
    assert.equal(att!.content.version, "1.4");
    assert.equal(att!.content.body[0]!.type, "TextBlock");
    assert.equal(att!.content.body[0]!.text, message.title);
    assert.deepEqual(att!.content.actions[0], { type: "Action.OpenUrl", title: "Open the incident", url: message.incident.url });
  },
  async discord() {
    const { body } = await sendAs("discord", { url: `${r.url}/api/webhooks/1/tok`, username: "Origin Watch" });
    assert.equal(body.username, "Origin Watch");
    assert.deepEqual(body.allowed_mentions, { parse: [] });
    const [embed] = body.embeds as { title: string; description: string; url: string; color: number; timestamp: string }[];
    assert.equal(embed!.title, message.title);
    assert.equal(embed!.url, message.incident.url);
    assert.equal(embed!.color, 0xdc2626);
    assert.equal(embed!.timestamp, message.timestamp);
  },
  async google_chat() {
    const { body } = await sendAs("google_chat", { url: `${r.url}/v1/spaces/AAA/messages?key=k&token=t` });
    assert.deepEqual(Object.keys(body), ["text"]);
    assert.match(String(body.text), /^\*\[CRITICAL\] api: 5xx, mostly backend_timeout\*\n/);
    assert.match(String(body.text), /<https:\/\/watch\.example\.com\/incidents\/inc_1\|Open the incident>$/);
  },
  async mattermost() {
    const { body } = await sendAs("mattermost", { url: `${r.url}/hooks/xyz`, channel: "ops", username: "originwatch" });
    assert.equal(body.channel, "ops");
    assert.equal(body.username, "originwatch");
    assert.match(String(body.text), /^#### \[CRITICAL\]/);
    assert.match(String(body.text), /\[Open the incident\]\(https:\/\/watch\.example\.com\/incidents\/inc_1\)$/);
  },
  async telegram() {
    const { req, body } = await sendAs("telegram", { botToken: "123456:ABC-def_ghi", chatId: "-100200300", apiUrl: r.url });
    assert.equal(req.path, "/bot123456:ABC-def_ghi/sendMessage");
    assert.equal(body.chat_id, "-100200300");
    assert.equal(body.parse_mode, "HTML");
    assert.match(String(body.text), /^<b>\[CRITICAL\] api: 5xx, mostly backend_timeout<\/b>\n/);
    assert.match(String(body.text), /<a href="https:\/\/watch\.example\.com\/incidents\/inc_1">Open the incident<\/a>$/);
  },
  async pagerduty() {
    const key = "a".repeat(32);
    const { req, body } = await sendAs("pagerduty", { routingKey: key, url: `${r.url}/v2/enqueue` });
    assert.equal(req.path, "/v2/enqueue");
    assert.equal(body.routing_key, key);
    assert.equal(body.event_action, "trigger");
    assert.equal(body.dedup_key, "inc_1");
    const p = body.payload as Record<string, unknown>;
    assert.equal(p.summary, message.title);
    assert.equal(p.source, "api");
    assert.equal(p.severity, "critical");
    assert.equal(p.timestamp, message.timestamp);
    assert.deepEqual(body.links, [{ href: message.incident.url, text: "Open the incident in Origin Watch" }]);
    // Acknowledge and resolve carry only the routing key, the action and the same dedup_key.
    for (const [type, action] of [["incident.acknowledged", "acknowledge"], ["incident.resolved", "resolve"]] as const) {
      const { body: b } = await sendAs("pagerduty", { routingKey: key, url: `${r.url}/v2/enqueue` }, { ...message, type });
      assert.deepEqual(b, { routing_key: key, event_action: action, dedup_key: "inc_1" });
    }
  },
  async ntfy() {
    const { req, body } = await sendAs("ntfy", { server: r.url, topic: "ops-alerts", token: "tk_secret" });
    assert.equal(req.path, "/");
    assert.equal(req.headers.authorization, "Bearer tk_secret");
    assert.equal(body.topic, "ops-alerts");
    assert.equal(body.title, message.title);
    assert.equal(body.priority, 5);
    assert.equal(body.click, message.incident.url);
    assert.ok(Array.isArray(body.tags));
  },
  async pushover() {
    const { req, body } = await sendAs("pushover", { token: "a".repeat(30), user: "u".repeat(30), url: `${r.url}/1/messages.json` });
    assert.equal(req.path, "/1/messages.json");
    assert.equal(body.token, "a".repeat(30));
    assert.equal(body.user, "u".repeat(30));
    assert.equal(body.title, message.title);
    assert.equal(body.url, message.incident.url);
    assert.equal(body.priority, 1);
    assert.equal(body.timestamp, Math.floor(Date.parse(message.timestamp) / 1000));
  },
};

for (const [kind, check] of Object.entries(GOLDEN)) test(`${kind}: the request its service documents`, check);

test("every kind but webhook and email has a golden test above (a new kind fails here until it has one)", () => {
  assert.deepEqual(Object.keys(GOLDEN).sort(), CHANNEL_KIND_IDS.filter((k) => k !== "webhook" && k !== "email").sort());
});

test("email: a real SMTP server on loopback receives one message with text and HTML parts", async () => {
  const mails: { from: string; to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((a) => a.address), data: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.server.address() as AddressInfo).port;
    const config = CHANNEL_KINDS.email.configSchema.parse({ host: "127.0.0.1", port, from: "ow@example.com", to: ["oncall@example.com", "boss@example.com"] }) as Record<string, unknown>;
    const out = await attempt(row("email", config), message, "msg_mail", { egress: builtInEgressPolicy, concurrency: 1 }, Date.now());
    assert.equal(out.ok, true, JSON.stringify(out));
    assert.equal(mails.length, 1);
    const m = mails[0]!;
    assert.equal(m.from, "ow@example.com");
    assert.deepEqual(m.to, ["oncall@example.com", "boss@example.com"]);
    assert.match(m.data, /^Subject: \[CRITICAL\] api: 5xx, mostly backend_timeout/m);
    assert.match(m.data, /Content-Type: multipart\/alternative/);
    assert.match(m.data, /Content-Type: text\/plain/);
    assert.match(m.data, /Content-Type: text\/html/);
    assert.match(m.data, /Message-ID: <msg_mail@originwatch>/i);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test("egress: a channel URL the policy denies is refused before any connection, and not retried", async () => {
  const deny = new EgressPolicy({ allow: [], deny: ["127.0.0.0/8"] });
  const before = r.requests.length;
  const out = await attempt(row("slack", { url: `${r.url}/x` }), message, "msg_x", { egress: deny, concurrency: 1 }, Date.now());
  assert.equal(out.ok, false);
  assert.equal(!out.ok && out.retryable, false);
  assert.match(!out.ok ? out.error : "", /egress policy.*127\.0\.0\.0\/8/);
  assert.equal(r.requests.length, before);
});
