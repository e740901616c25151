import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAX_IMPORT_BYTES, parseBackendConfig, type ImportKind } from "@/lib/backends/import";
import { ImportPreview } from "@/lib/backends/import/types";

const FIXTURES = fileURLToPath(new URL("../../fixtures/import/", import.meta.url));
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const KINDS: ImportKind[] = ["vcl", "haproxy", "nginx"];
const SAMPLES: Record<ImportKind, string[]> = {
  vcl: ["shop.vcl", "legacy-4.0.vcl", "broken.vcl"],
  haproxy: ["haproxy.cfg"],
  nginx: ["nginx.conf", "nginx-pasted-upstream.conf"],
};

// A small seeded generator so the garbage is the same on every run.
function garbage(seed: number, length: number, withNul: boolean): string {
  let x = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const code = x % 256;
    out += String.fromCharCode(code === 0 && !withNul ? 1 : code);
  }
  return out;
}

function assertPreview(value: ReturnType<typeof parseBackendConfig>): void {
  ImportPreview.parse(value);
  assert.ok(!value.notes.some((n) => n.message.includes("internal error")), JSON.stringify(value.notes.slice(0, 3)));
}

test("dispatches each kind to its parser and returns schema-valid previews", () => {
  for (const kind of KINDS) {
    for (const file of SAMPLES[kind]) {
      const p = parseBackendConfig(kind, fixture(file));
      assertPreview(p);
      assert.ok(p.backends.length > 0, `${file} has backends`);
    }
  }
});

test("notes come sorted by line, whole-input notes first", () => {
  for (const kind of KINDS) {
    for (const file of SAMPLES[kind]) {
      const lines = parseBackendConfig(kind, fixture(file)).notes.map((n) => n.line);
      assert.deepEqual(lines, [...lines].sort((a, b) => a - b), file);
    }
  }
});

test("empty and comment-only input: no backends, a warning, no throw", () => {
  for (const kind of KINDS) {
    for (const text of ["", "   \n\t\n", "# nothing here\n"]) {
      const p = parseBackendConfig(kind, text);
      assertPreview(p);
      assert.deepEqual(p.backends, []);
      assert.ok(p.notes.some((n) => n.level === "warning" && n.message === "no backends found"), `${kind} ${JSON.stringify(text)}`);
    }
  }
});

test("binary garbage never throws", () => {
  for (const kind of KINDS) {
    for (let seed = 1; seed <= 40; seed++) {
      assertPreview(parseBackendConfig(kind, garbage(seed, 4000, false)));
    }
    const withNul = parseBackendConfig(kind, garbage(7, 4000, true));
    assert.deepEqual(withNul.backends, []);
    assert.equal(withNul.notes[0].level, "error");
    assert.match(withNul.notes[0].message, /NUL bytes/);
  }
});

test("every truncation of the fixtures is handled without throwing", () => {
  for (const kind of KINDS) {
    for (const file of SAMPLES[kind]) {
      const text = fixture(file);
      for (let end = 0; end < text.length; end += 7) assertPreview(parseBackendConfig(kind, text.slice(0, end)));
    }
  }
});

test("input over 1 MB is refused with an error note, counting UTF-8 bytes", () => {
  const line = "# padding\n";
  const big = line.repeat(Math.ceil((MAX_IMPORT_BYTES + 1) / line.length));
  const multibyte = "é".repeat(MAX_IMPORT_BYTES / 2 + 1); // fewer chars than the limit, more bytes
  for (const kind of KINDS) {
    for (const text of [big, multibyte]) {
      const p = parseBackendConfig(kind, text);
      assert.deepEqual(p.backends, []);
      assert.deepEqual(p.notes.map((n) => [n.level, n.line]), [["error", 0]]);
      assert.match(p.notes[0].message, /larger than 1048576 bytes/);
    }
  }
  const justUnder = "#".repeat(MAX_IMPORT_BYTES - 1);
  assert.ok(!parseBackendConfig("haproxy", justUnder).notes.some((n) => n.level === "error"));
});

test("unknown kinds and non-string input are refused, not thrown", () => {
  const kind = parseBackendConfig("apache" as ImportKind, "x");
  assert.match(kind.notes[0].message, /unknown config kind; expected one of vcl, haproxy, nginx/);
  const notText = parseBackendConfig("vcl", 42 as unknown as string);
  assert.equal(notText.notes[0].message, "the config must be text");
});

test("a byte-order mark and CRLF line endings do not shift lines", () => {
  const vcl = parseBackendConfig("vcl", '\uFEFFvcl 4.1;\r\n\r\nbackend a {\r\n  .host = "10.0.0.1";\r\n}\r\n');
  assert.deepEqual(vcl.backends.map((b) => [b.name, b.source.line]), [["a", 3]]);
  const haproxy = parseBackendConfig("haproxy", "\uFEFFbackend b\r\n  server s 10.0.0.1:80 check\r\n");
  assert.deepEqual(haproxy.backends.map((b) => [b.name, b.address, b.source.line]), [["b/s", "10.0.0.1:80", 2]]);
  const nginx = parseBackendConfig("nginx", "\uFEFFupstream u {\r\n  server 10.0.0.1:80;\r\n}\r\n");
  assert.deepEqual(nginx.backends.map((b) => [b.name, b.source.line]), [["u/10.0.0.1:80", 2]]);
});
