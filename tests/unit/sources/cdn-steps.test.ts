// "Add a CDN" shows exactly what to paste on the CDN's side, with this server and the token.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { cdnSteps, logpushDestination } from "@/components/sources/cdn-steps";
import { CDN_KINDS } from "@/lib/ingest/types";
import { FASTLY_LOG_FORMAT } from "@/lib/ingest/formats/cdn/setup-text";
import { compileFormat } from "@/lib/ingest/formats/registry";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

test("the Logpush destination carries the token as a header_Authorization query parameter", () => {
  assert.equal(logpushDestination("https://watch.example.com", "ow_src_abc"), "https://watch.example.com/api/v1/ingest?header_Authorization=Bearer%20ow_src_abc");
  assert.ok(readme.includes("/api/v1/ingest?header_Authorization=Bearer%20ow_src_"), "the README documents the destination string");
  const [destination] = cdnSteps("https://watch.example.com", "cloudflare", "ow_src_abc");
  assert.equal(destination!.text, "https://watch.example.com/api/v1/ingest?header_Authorization=Bearer%20ow_src_abc");
  assert.equal(destination!.note, undefined);
  assert.match(cdnSteps("http://w:3000", "cloudflare", "t")[0]!.note ?? "", /HTTPS/);
});

test("every CDN has steps naming this server and the token; Fastly's format is the preset's", () => {
  for (const kind of CDN_KINDS) {
    const text = cdnSteps("https://w.example", kind, "ow_src_tok").map((s) => s.text).join("\n");
    assert.ok(text.includes("w.example"), kind);
    assert.ok(text.includes("ow_src_tok"), kind);
  }
  assert.ok(cdnSteps("https://w", "fastly", "t").some((s) => s.text === FASTLY_LOG_FORMAT));
  // What the recommended Fastly format writes, the Fastly preset reads.
  const sample = FASTLY_LOG_FORMAT.replace("%{time.start.msec}V", "1796605200123").replace("%{resp.status}V", "503")
    .replace("%{resp.body_bytes_written}V", "0").replace("%{time.elapsed.msec}V", "12").replace(/%\{[^}]*\}V/g, "x");
  const parsed = compileFormat("fastly").parse(sample);
  assert.ok(parsed.ok && parsed.kind === "request" && parsed.request.status === 503, JSON.stringify(parsed));
});
