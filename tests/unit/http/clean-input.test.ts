// The boundary checks for text a client sends (lib/http/clean-input.ts), without a server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertCleanJson, assertCleanParams, assertCleanQuery, badPath, decodeUtf8Body, MAX_JSON_DEPTH } from "@/lib/http/clean-input";
import { isAppError } from "@/lib/errors/app-error";

/** The AppError a check throws: a 400 with the field's path. */
function refusal(f: () => void): { message: string; path: string } {
  try {
    f();
  } catch (e) {
    assert.ok(isAppError(e) && e.code === "bad_request", String(e));
    return { message: e.message, path: e.fields?.[0]?.path ?? "" };
  }
  assert.fail("expected a refusal");
}

test("JSON: a NUL, a lone surrogate or a NUL in a key is refused with the field's path; clean values pass", () => {
  assert.equal(refusal(() => assertCleanJson({ title: "a\u0000b" })).path, "title");
  assert.equal(refusal(() => assertCleanJson({ probes: [{ url: "ok" }, { url: "x\u0000" }] })).path, "probes.1.url");
  assert.equal(refusal(() => assertCleanJson({ a: "\ud800" })).path, "a");
  assert.match(refusal(() => assertCleanJson({ tags: { "k\u0000": 1 } })).message, /tags: has a key that contains a NUL/);
  assert.equal(refusal(() => assertCleanJson("\u0000")).path, "(body)");
  assertCleanJson({ title: "café 🚀 \t\n", n: 1, b: false, z: null, list: [1, "two", { three: [] }] });
});

test("JSON: deep nesting is refused past the limit without overflowing the stack", () => {
  const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000)) as unknown;
  assert.match(refusal(() => assertCleanJson(deep)).message, new RegExp(`deeper than ${MAX_JSON_DEPTH}`));
  let ok: unknown = "leaf";
  for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) ok = [ok];
  assertCleanJson(ok);
});

test("bodies: invalid UTF-8 is refused, valid UTF-8 decodes", () => {
  assert.match(refusal(() => decodeUtf8Body(new Uint8Array([0x7b, 0xc3, 0x28]))).message, /UTF-8/);
  assert.equal(decodeUtf8Body(new TextEncoder().encode('{"t":"é"}')), '{"t":"é"}');
});

test("queries: broken percent-encoding, NUL and U+FFFD are refused naming the parameter; well-formed ones pass", () => {
  assert.equal(refusal(() => assertCleanQuery("http://h/x?from=1&backend=%00")).path, "backend");
  assert.equal(refusal(() => assertCleanQuery("http://h/x?backend=%E0%A4%A")).path, "backend");
  assert.equal(refusal(() => assertCleanQuery("http://h/x?backend=%EF%BF%BD")).path, "backend");
  assert.match(refusal(() => assertCleanQuery("http://h/x?%ZZ=1")).message, /"%ZZ": the name/);
  assertCleanQuery("http://h/x?backend=caf%C3%A9+x&flag&empty=&a=1#frag%ZZ");
  assertCleanQuery("http://h/x");
});

test("path parameters and raw paths", () => {
  assert.equal(refusal(() => assertCleanParams({ id: "a\u0000" })).path, "id");
  assert.equal(refusal(() => assertCleanParams({ rest: ["ok", "\u0000"] })).path, "rest");
  assertCleanParams({ id: "abc", rest: ["a", "b"], none: undefined });
  assert.match(badPath("/api/v1/backends/%E0%A4%A") ?? "", /percent-encoded/);
  assert.match(badPath("/backends/%00") ?? "", /NUL/);
  assert.equal(badPath("/backends/caf%C3%A9"), null);
});
