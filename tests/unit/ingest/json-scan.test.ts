// The layout scan (json-fast.ts) must read every JSON line exactly as the JSON.parse path does:
// same requests, same rejections, same reasons. Golden lines, then seeded random and mutated
// lines (a failure prints its seed and line, and reruns the same).
import { test } from "node:test";
import assert from "node:assert/strict";
import { AKAMAI_MAPPING } from "@/lib/ingest/formats/cdn/akamai";
import { CLOUDFLARE_MAPPING } from "@/lib/ingest/formats/cdn/cloudflare";
import { FASTLY_MAPPING } from "@/lib/ingest/formats/cdn/fastly";
import { compileJsonBindings, ENVOY_DEFAULT_JSON_FORMAT } from "@/lib/ingest/formats/envoy";
import { compileJsonPlan, DEFAULT_JSON_MAPPING, type JsonFieldMapping } from "@/lib/ingest/formats/json";
import { learnLayout, scanJsonLine } from "@/lib/ingest/formats/json-fast";
import { compilePlan, parseJsonLine, parseJsonLineParsed, type JsonPlan } from "@/lib/ingest/formats/json-lines";
import { NO_EVIDENCE } from "@/lib/ingest/formats/request";
import type { RequestEvidence } from "@/lib/ingest/types";

const CUSTOM: JsonFieldMapping = {
  time: ["ts", "@timestamp"], status: ["http.response.status_code", "status"], backend: "upstream.name", path: "req.path",
  durationMs: "duration_ms", responseFlags: "envoy.flags", handling: "cache", bytes: ["a.b.c", "bytes"],
};
const sharedEvidence = (): RequestEvidence => NO_EVIDENCE;
const envoyEvidence = (): RequestEvidence => ({ envoyFlags: undefined, envoyDetails: undefined, envoyTransportFailure: undefined });

interface Subject {
  name: string;
  plan: (lean: boolean) => JsonPlan;
  evidence: () => RequestEvidence;
  /** Keys the records are made of: the mapping's paths (dotted ones nested or literal), and strangers. */
  keys: string[];
}

const mappingKeys = (mapping: JsonFieldMapping): string[] => Object.values(mapping).flatMap((paths) => (typeof paths === "string" ? [paths] : paths ?? []));
const STRANGERS = ["RayID", "x", "__proto__", "constructor", "toString", "a.b", "é", "", "1", "10"];
const mapped = (name: string, mapping: JsonFieldMapping): Subject => ({
  name, plan: (lean) => compileJsonPlan(mapping, { lean }), evidence: sharedEvidence, keys: [...mappingKeys(mapping), ...STRANGERS],
});
const SUBJECTS: Subject[] = [
  mapped("cloudflare", CLOUDFLARE_MAPPING),
  mapped("fastly", FASTLY_MAPPING),
  mapped("akamai", AKAMAI_MAPPING),
  mapped("json default", DEFAULT_JSON_MAPPING),
  mapped("json custom", CUSTOM),
  { name: "envoy json", plan: () => compilePlan(compileJsonBindings(ENVOY_DEFAULT_JSON_FORMAT)), evidence: envoyEvidence, keys: [...Object.keys(ENVOY_DEFAULT_JSON_FORMAT), ...STRANGERS] },
];

/** mulberry32: small, seeded, good enough to pick test cases. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON text pieces, written as they appear in a line (so numbers keep their spelling). */
const NUMBERS = ["0", "-0", "200", "502", "503", "-1", "1e5", "1E-2", "-1.5e+3", "0.25", "12.50", "1709287200", "1709287200.5", "1709287200123", "1796605200000000000",
  "1506702504276000000", "123456789012345678901234567890", "1e400", "-1e-400", "0.1", "4.35", "9007199254740993", "0.000001", "100000000000000000000000", "3.0", "19000"];
const STRINGS = ['"2024-03-01T10:00:00Z"', '"2024-03-01T10:00:00.250+02:00"', '"1709287200"', '"01/Mar/2024:10:00:00 +0000"', '"502"', '"GET"', '"/a?b=1"', '"HIT"', '"miss"',
  '"hit"', '"1"', '"10.0.1.2:8080"', '"0.250"', '"-"', '""', '"UF,URX"', '"api.shop.example"', '"h\u00e9llo \u65e5\u672c \ud83d\ude00"', '"lone \ud800 surrogate"',
  '"esc\\"aped\\\\ \\/ \\n \\u00e9 \\ud83d\\ude00"', '"\\u0041PI"', '"ERR_CONNECT_FAIL|origin"', '"HTTP/2"', '"a}b{c]d[e,f:g"'];
const LITERALS = ["true", "false", "null"];
const SPACE = ["", "", "", "", " ", "\t", "\n", "\r", "  "];

class Writer {
  constructor(private readonly random: () => number) {}
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  space(spaced: boolean): string {
    return spaced ? this.pick(SPACE) : "";
  }
  scalar(): string {
    const r = this.random();
    return r < 0.45 ? this.pick(STRINGS) : r < 0.85 ? this.pick(NUMBERS) : this.pick(LITERALS);
  }
  value(depth: number, spaced: boolean): string {
    if (depth > 0 && this.chance(0.15)) {
      const items = Array.from({ length: Math.floor(this.random() * 3) }, () => this.value(depth - 1, spaced));
      if (this.chance(0.5)) return `[${items.join(`,${this.space(spaced)}`)}]`;
      const members = items.map((item) => `"${this.pick(["name", "status_code", "flags", "c", "b", "__proto__"])}"${this.space(spaced)}:${item}`);
      return `{${this.space(spaced)}${members.join(",")}${this.space(spaced)}}`;
    }
    return this.scalar();
  }
  /** A record with these keys (dotted ones nested or literal), in order, with random values. */
  record(keys: readonly string[], spaced: boolean, deep: number): string {
    const members = keys.map((key) => {
      const segments = key.split(".");
      let value = this.value(deep, spaced);
      if (segments.length > 1 && this.chance(0.7)) {
        for (let i = segments.length - 1; i > 0; i--) value = `{"${segments[i]}":${value}}`;
        key = segments[0];
      }
      return `${this.space(spaced)}"${key}"${this.space(spaced)}:${this.space(spaced)}${value}${this.space(spaced)}`;
    });
    return `${this.space(spaced)}{${members.join(",")}}${this.space(spaced)}`;
  }
  keys(subject: Subject): string[] {
    const keys = subject.keys.filter(() => this.chance(0.5));
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    if (keys.length > 0 && this.chance(0.15)) keys.push(this.pick(keys)); // a duplicate key: the last one counts
    return keys;
  }
  mutate(line: string): string {
    const at = Math.floor(this.random() * (line.length + 1));
    switch (Math.floor(this.random() * 7)) {
      case 0: return line.slice(0, at);
      case 1: return line.slice(0, at) + this.pick([..."\"{}[],: \t\\0123456789eE.-+tfnul\u0000\u001f\u00e9a\ud800"]) + line.slice(at + 1);
      case 2: return line.slice(0, at) + this.pick(["\\", "\\n", "\\u00e9", "\\x", "\\u12", '"', ",", "01", " ", "\t", "\u0001", "}", '{"a":1}', "[1,]", "-", ".5"]) + line.slice(at);
      case 3: return line.slice(0, at) + line.slice(at + 1);
      case 4: return this.pick(["[]", "1", '"x"', "null", "true", " {} ", "{}", '[{"status":200}]', "{,}", '{"a":1,}', '{"a" 1}', "{'a':1}"]);
      case 5: return `${line}${this.pick(["x", "}", ",", " ", "\t\r\n", "\u00a0"])}`;
      default: return line.slice(0, at) + line.slice(Math.floor(this.random() * line.length));
    }
  }
}

/** Reads one line both ways and compares; returns whether the layout scan read it itself. */
function check(plan: JsonPlan, subject: Subject, line: string, seed: number): boolean {
  const reference = parseJsonLineParsed(line, plan, subject.evidence);
  const where = `${subject.name} (lean ${plan.lean}), seed ${seed}, line ${JSON.stringify(line)}`;
  assert.deepEqual(parseJsonLine(line, plan, subject.evidence), reference, where); // learns the layout
  const scanned = scanJsonLine(line, plan.fast, subject.evidence);
  if (scanned !== undefined) assert.deepEqual(scanned, reference, where);
  return scanned !== undefined;
}

for (const subject of SUBJECTS) {
  test(`json scan: ${subject.name}, random and mutated lines read as JSON.parse reads them`, () => {
    for (const lean of [false, true]) {
      const seed = 1000 + SUBJECTS.indexOf(subject) * 2 + (lean ? 1 : 0);
      const writer = new Writer(rng(seed));
      const plan = subject.plan(lean);
      // A stream keeps a few layouts; the rest of its lines are anything.
      const streams = Array.from({ length: 3 }, () => ({ keys: writer.keys(subject), spaced: writer.chance(0.3), deep: writer.chance(0.3) ? 2 : 0 }));
      let lines = 0;
      let scanned = 0;
      let mutatedScanned = 0;
      for (let n = 0; n < 400; n++) {
        const stream = writer.chance(0.8) ? writer.pick(streams) : { keys: writer.keys(subject), spaced: writer.chance(0.3), deep: writer.chance(0.2) ? 6 : 1 };
        const line = writer.record(stream.keys, stream.spaced, stream.deep);
        lines++;
        if (writer.chance(0.5)) learnLayout(plan.fast, line); // else as parseJsonLine learns: rationed
        if (check(plan, subject, line, seed)) scanned++;
        for (let m = 0; m < 4; m++) if (check(plan, subject, writer.mutate(line), seed)) mutatedScanned++;
      }
      assert.ok(scanned > lines / 2, `${subject.name}: only ${scanned} of ${lines} lines were read by the layout scan`);
      assert.ok(mutatedScanned > 0, `${subject.name}: no mutated line was read by the layout scan`);
    }
  });
}

test("json scan: golden lines of each CDN are read by the layout scan once their layout is known", () => {
  const golden: [JsonFieldMapping, string][] = [
    [CLOUDFLARE_MAPPING, '{"ClientIP":"89.163.242.206","ClientRequestHost":"www.theburritobot.com","ClientRequestMethod":"GET","ClientRequestURI":"/static/img/testimonial-hipster.png","EdgeEndTimestamp":1506702504433000000,"EdgeResponseBytes":69045,"EdgeResponseStatus":200,"EdgeStartTimestamp":1506702504276000000,"RayID":"3a6050bcbe121a87"}'],
    [CLOUDFLARE_MAPPING, '{"EdgeStartTimestamp":1796605200,"EdgeResponseStatus":522,"OriginResponseStatus":0,"CacheCacheStatus":"expired","ClientRequestHost":"shop.example","OriginTCPHandshakeDurationMs":0,"EdgeTimeToFirstByteMs":19000}'],
    [FASTLY_MAPPING, '{"time":1709287200000,"client_ip":"203.0.113.7","method":"GET","url":"/a?b=1","protocol":"HTTP/2","status":503,"response":"first byte timeout","state":"MISS-CLUSTER","backend":"F_app","bytes":4096,"elapsed_ms":15001}'],
    [AKAMAI_MAPPING, '{"version":1,"streamId":"12345","cp":"123456","reqId":"1239f220","reqTimeSec":"1709287200","bytes":"4995","cliIP":"203.0.113.7","statusCode":"504","proto":"HTTPS","reqHost":"www.example.com","reqMethod":"GET","reqPath":"/index.html","turnAroundTimeMSec":"30001","cacheStatus":"0","errorCode":"ERR_READ_TIMEOUT|origin"}'],
    [DEFAULT_JSON_MAPPING, '{"@timestamp":"2024-03-01T10:00:00Z","http":{"response":{"status_code":503},"request":{"method":"POST"}},"url":{"path":"/x"},"upstream":"api"}'],
    [DEFAULT_JSON_MAPPING, '{ "time": "2024-03-01T10:00:00Z", "status": 502, "status": 504, "__proto__": {"polluted": 1}, "path": "/caf\\u00e9" }'],
  ];
  for (const [mapping, line] of golden) {
    for (const lean of [false, true]) {
      const plan = compileJsonPlan(mapping, { lean });
      const reference = parseJsonLineParsed(line, plan, sharedEvidence);
      assert.ok(reference.ok, line);
      assert.equal(scanJsonLine(line, plan.fast, sharedEvidence), undefined, "no layout is known before the first line");
      assert.deepEqual(parseJsonLine(line, plan, sharedEvidence), reference);
      assert.deepEqual(scanJsonLine(line, plan.fast, sharedEvidence), reference, line);
    }
  }
});

test("json scan: what a layout's pattern must refuse is left to JSON.parse, with its message", () => {
  const plan = compileJsonPlan(DEFAULT_JSON_MAPPING, { lean: true });
  parseJsonLine('{"time":"2024-03-01T10:00:00Z","status":200,"bytes":1}', plan, sharedEvidence);
  for (const line of ['{"time":"2024-03-01T10:00:00Z","status":200,"bytes":01}', '{"time":"2024-03-01T10:00:00Z","status":200,"bytes":1.}', '{"time":"2024-03-01T10:00:00Z","status":200,"bytes":+1}',
    '{"time":"2024-03-01T10:00:00Z","status":200,"bytes":.5}', '{"time":"2024-03-01T10:00:00Z","status":200,"bytes":"a\tb"}', '{"time":"2024-03-01T10:00:00Z","status":200,"bytes":"\\x"}',
    '{"time":"2024-03-01T10:00:00Z","status":200,"bytes":1}x', '{"time":"2024-03-01T10:00:00Z","status":200,"bytes":1,}', '{"time":"2024-03-01T10:00:00Z","status":200,"bytes":tru}']) {
    assert.equal(scanJsonLine(line, plan.fast, sharedEvidence), undefined, line);
    const outcome = parseJsonLine(line, plan, sharedEvidence);
    assert.ok(!outcome.ok && outcome.reason.startsWith("invalid JSON: "), line);
  }
  const spaced = '{"time": "2024-03-01T10:00:00Z", "status": 200, "bytes": -0}';
  assert.deepEqual(parseJsonLine(spaced, plan, sharedEvidence), parseJsonLineParsed(spaced, plan, sharedEvidence));
  const outcome = scanJsonLine(spaced, plan.fast, sharedEvidence);
  assert.ok(outcome?.ok && outcome.kind === "request" && Object.is(outcome.request.bytes, -0), "a spaced layout is learned too; -0 stays -0");
});

test("json scan: a line that fails late costs one pass, not a retry per way to split its values", () => {
  const plan = compileJsonPlan(DEFAULT_JSON_MAPPING, { lean: false });
  // Values every binding reads (captured), each with many digits.
  const keys = ["time", "status", "bytes", "duration_ms", "request_time", "upstream_connect_time", "upstream_header_time"];
  const members = keys.map((key) => `"${key}":${"1234567890".repeat(3)}.5`);
  const line = `{${members.join(",")}}`;
  assert.ok(learnLayout(plan.fast, line));
  const started = process.hrtime.bigint();
  for (const bad of [`${line}}`, `${line.slice(0, -2)}x}`, `${line.slice(0, -1)},}`]) {
    assert.equal(scanJsonLine(bad, plan.fast, sharedEvidence), undefined);
    assert.deepEqual(parseJsonLine(bad, plan, sharedEvidence), parseJsonLineParsed(bad, plan, sharedEvidence));
  }
  assert.ok(process.hrtime.bigint() - started < 500_000_000n, "three failing lines took over half a second");
});
