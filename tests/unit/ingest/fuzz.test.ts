// Hostile input: parse() must never throw, never hang, and always say why it refused a line.
// Reasons starting with "unreadable line" would mean a parser threw and the guard caught it:
// that is a bug too, so the tests reject it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFormat, FormatError, MAX_LINE_LENGTH } from "@/lib/ingest/formats/registry";
import type { CompiledParser, ProxyKind } from "@/lib/ingest/types";

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return state / 4294967296;
  };
}

const SOURCES: [ProxyKind, string | undefined, string][] = [
  ["varnish", undefined, '192.168.1.10 - - [10/Oct/2000:13:55:36 -0700] "GET http://www.example.com/ HTTP/1.1" 200 2326 "-" "Mozilla/5.0 (X11)"'],
  ["varnish", '%h %t "%r" %s %b %D %{Varnish:side}x "%{VSL:FetchError}x" %{VSL:BackendOpen[2]}x', '10.0.0.5 [01/Mar/2024:10:00:07 +0100] "GET /a HTTP/1.1" 503 0 60001234 b "first byte timeout" boot.api'],
  ["varnish", '%h %t "%r" %s %b %{Varnish:side}x %{Varnish:handling}x "%{VSL:FetchError}x"', '10.0.0.5 [01/Mar/2024:10:00:07 +0100] "GET /a HTTP/1.1" 503 282 c pass "-"'],
  ["nginx", undefined, '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"'],
  ["nginx", "$time_iso8601 $status $upstream_status $upstream_addr $upstream_connect_time $request_time", "2024-03-01T10:00:00+01:00 502 502, 502 : 502 10.0.1.10:80, 10.0.1.11:80 : backend -, 0.001 : - 3.004"],
  ["nginx", undefined, '2024/03/01 10:00:05 [error] 7#7: *42 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.7, server: _, request: "GET /api HTTP/1.1", upstream: "http://10.0.1.10:8080/api", host: "example.com"'],
  ["haproxy", undefined, 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"'],
  ["haproxy", undefined, 'Server down/sick1 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: 1ms.'],
  ["haproxy", undefined, "[WARNING]  (8) : backend down has no server available!"],
  ["envoy", undefined, '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"'],
  ["envoy", '{"t":"%START_TIME%","s":"%RESPONSE_CODE%","f":"%RESPONSE_FLAGS%"}', '{"t":"2024-03-01T10:00:00.000Z","s":503,"f":"UH"}'],
  ["json", undefined, '{"time":"2024-03-01T10:00:00Z","status":502,"backend":"api","duration_ms":12,"upstream_status":"502, 504"}'],
  ["cloudflare", undefined, '{"ClientIP":"89.163.242.206","ClientRequestHost":"www.theburritobot.com","ClientRequestMethod":"GET","ClientRequestURI":"/static/img/testimonial-hipster.png","EdgeEndTimestamp":1506702504433000000,"EdgeResponseBytes":69045,"EdgeResponseStatus":200,"EdgeStartTimestamp":1506702504276000000,"RayID":"3a6050bcbe121a87"}'],
  ["cloudfront", undefined, "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-"],
  ["cloudfront", undefined, "#Fields: date time sc-status x-edge-detailed-result-type"],
  ["fastly", undefined, '{"time":1705314225123,"client_ip":"1.2.3.4","method":"GET","url":"/x","protocol":"HTTP/1.1","status":503,"response":"first byte timeout","state":"MISS","backend":"F_origin","bytes":0,"elapsed_ms":15001}'],
  ["akamai", undefined, '{"version":1,"reqTimeSec":"1573840000","bytes":"4995","cliIP":"128.147.28.68","statusCode":"206","proto":"HTTPS","reqHost":"test.hostname.net","reqMethod":"GET","reqPath":"/path1/path2/file.ext","errorCode":"ERR_ACCESS_DENIED|fwd_acl","cacheStatus":"1"}'],
  ["bunny", undefined, "HIT|200|1507167062421|412|390|163.172.53.229|-|https://bunnycdn.b-cdn.net/assets/landingpage/images/cdn-video-preview-from-a-blue-moon.m4v|WA|Mozilla/5.0 (Windows NT 10.0)|322b688bd63fb63f2babe9de30a5d262|DE"],
];

/** Every source's full parser and its lean one (the aggregator's). */
const PARSERS: [string, CompiledParser][] = SOURCES.flatMap(([kind, format]): [string, CompiledParser][] => [
  [`${kind} ${format ?? "default"}`, compileFormat(kind, format)],
  [`${kind} ${format ?? "default"} (lean)`, compileFormat(kind, format, { lean: true })],
]);

/** Parses with every parser; checks the outcome is well-formed and returns the slowest parse in ms. */
/**
 * Parses with every parser; returns the slowest parse in CPU milliseconds (CPU, not wall time:
 * a busy machine must not fail the bound, only work that grows faster than the line may).
 */
function parseEverywhere(line: string): number {
  let slowest = 0;
  for (const [name, parser] of PARSERS) {
    const started = process.cpuUsage();
    const outcome = parser.parse(line);
    const used = process.cpuUsage(started);
    slowest = Math.max(slowest, (used.user + used.system) / 1000);
    if (!outcome.ok) {
      assert.equal(typeof outcome.reason, "string", name);
      assert.ok(outcome.reason.length > 0, `${name}: empty reason`);
      assert.ok(!outcome.reason.startsWith("unreadable line"), `${name} threw on ${JSON.stringify(line.slice(0, 120))}: ${outcome.reason}`);
    } else {
      assert.ok(["request", "uncounted", "evidence", "notice"].includes(outcome.kind), name);
    }
  }
  return slowest;
}

test("fuzz: the sample lines parse with their own parser", () => {
  for (const [kind, format, line] of SOURCES) assert.ok(compileFormat(kind, format).parse(line).ok, `${kind} ${format ?? "default"}`);
});

test("fuzz: random bytes, decoded with replacement characters", () => {
  const random = seeded(1);
  const decoder = new TextDecoder("utf-8", { fatal: false });
  for (let i = 0; i < 3000; i++) {
    const bytes = new Uint8Array(Math.floor(random() * 400));
    for (let j = 0; j < bytes.length; j++) bytes[j] = random() < 0.7 ? 32 + Math.floor(random() * 95) : Math.floor(random() * 256);
    parseEverywhere(decoder.decode(bytes));
  }
});

test("fuzz: every truncation of every sample line, fed to every parser (the wrong format too)", () => {
  for (const [, , line] of SOURCES) {
    for (let cut = 0; cut <= line.length; cut++) parseEverywhere(line.slice(0, cut));
  }
});

test("fuzz: mutated sample lines (flipped, inserted and deleted characters, invalid UTF-8)", () => {
  const random = seeded(2);
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const specials = ['"', "\\", " ", "[", "]", "{", "}", ":", ",", "-", "%", "\u0000", "\uFFFD", "\n", "\r", "/", "."];
  for (let i = 0; i < 4000; i++) {
    let line = SOURCES[Math.floor(random() * SOURCES.length)][2];
    for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
      const at = Math.floor(random() * line.length);
      const special = specials[Math.floor(random() * specials.length)];
      const action = random();
      if (action < 0.4) line = line.slice(0, at) + special + line.slice(at + 1);
      else if (action < 0.7) line = line.slice(0, at) + special + line.slice(at);
      else line = line.slice(0, at) + line.slice(at + 1 + Math.floor(random() * 5));
    }
    if (random() < 0.2) {
      const bytes = Buffer.from(line, "utf8");
      bytes[Math.floor(random() * bytes.length)] = 0xff;
      line = decoder.decode(bytes);
    }
    parseEverywhere(line);
  }
});

test("fuzz: huge lines are refused or read in bounded time", () => {
  const oneMegabyte = "a".repeat(1 << 20);
  for (const [, parser] of PARSERS) {
    const outcome = parser.parse(oneMegabyte);
    assert.ok(!outcome.ok && outcome.reason.startsWith("line too long"), "1 MB line");
  }
  const longPath = `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /${"x".repeat(MAX_LINE_LENGTH - 200)} HTTP/1.1" 200 1 "-" "-"`;
  assert.ok(compileFormat("nginx").parse(longPath).ok, "a long but legal line still parses");
  const hostile = [
    " ".repeat(MAX_LINE_LENGTH),
    '"'.repeat(MAX_LINE_LENGTH),
    '\\"'.repeat(MAX_LINE_LENGTH / 2),
    ", ".repeat(MAX_LINE_LENGTH / 2),
    " : ".repeat(MAX_LINE_LENGTH / 3),
    "[".repeat(MAX_LINE_LENGTH),
    "{".repeat(MAX_LINE_LENGTH),
    `{"a":${"[".repeat(MAX_LINE_LENGTH - 10)}`,
    `2024/03/01 10:00:05 [error] 7#7: *42 x${", client: a".repeat(20000)}`,
    `haproxy[1]: ${"1".repeat(MAX_LINE_LENGTH - 20)}`,
  ];
  for (const line of hostile) {
    const slowest = parseEverywhere(line);
    assert.ok(slowest < 250, `a ${line.length}-char line took ${slowest.toFixed(1)} ms`);
  }
});

test("fuzz: random format strings compile or throw FormatError, and their parsers never throw", () => {
  const random = seeded(3);
  const pieces: Record<ProxyKind, string[]> = {
    varnish: ["%h", "%t", "%s", "%b", "%D", "%r", '"', " ", "%{", "}x", "%{Varnish:side}x", "%{VSL:FetchError}x", "%{VSL:", "[2]", "%{%Y-%m}t", "%", "%%", "\\", "%Q", "%{Host}i", "{", "}"],
    nginx: ["$remote_addr", "$status", "$time_local", "${", "}", "$", "$upstream_status", "[", "]", '"', " ", "$request", "$$", "${bad name}", "$msec"],
    haproxy: ["%ci", ":", "%cp", "[%tr]", "%ST", "%B", "%tsc", "%{+Q}r", "%{", "}", "%[", "]", "%[src]", "%Zz", "%", "%%", "\\ ", " ", "/", "%hr", "%hs", "%Ta"],
    envoy: ["%START_TIME%", "%RESPONSE_CODE%", "%REQ(", ")", "%REQ(:PATH)%", "%", "%%", "%FOO%", "(", ":10", " ", '"', "[", "]", "%START_TIME(%Y)%", "%RESPONSE_FLAGS%", "{", "}"],
    json: ["{", "}", '"time"', '"status"', ":", ",", '"ts"', "[", "]", '"bogus"', "1", "null", '"a.b"', '""', '{"time":"t","status":"s"}', '{"backend":["a.b","c"]}'],
    cloudflare: ["{", "}", '"time"', '"status"', ":", ",", '"EdgeResponseStatus"', "[", "]", '"bogus"', '"originStatus"', '{"cdnError":"x"}', '{"handling":"CacheCacheStatus"}'],
    cloudfront: ["date", "time", "sc-status", " ", "\t", ",", "timestamp", "cs-uri-stem", "x-edge-detailed-result-type", "bogus", "-", "#"],
    fastly: ["{", "}", '"time"', '"status"', ":", ",", '"response"', "[", "]", '{"cdnError":"resp"}', '""'],
    akamai: ["{", "}", '"time"', '"statusCode"', ":", ",", '"errorCode"', "[", "]", '{"cdnError":"e"}', "null"],
    bunny: ["default", " ", "%s", "|"],
  };
  for (const kind of Object.keys(pieces) as ProxyKind[]) {
    let compiled = 0;
    for (let i = 0; i < 600; i++) {
      let format = "";
      for (let n = 1 + Math.floor(random() * 10); n > 0; n--) format += pieces[kind][Math.floor(random() * pieces[kind].length)];
      let parser: CompiledParser;
      try {
        parser = compileFormat(kind, format);
      } catch (error) {
        assert.ok(error instanceof FormatError, `${kind} ${JSON.stringify(format)} threw ${String(error)}`);
        assert.ok(error.message.includes(error.specifier) || error.specifier === "", error.message);
        continue;
      }
      compiled++;
      for (const [, , line] of SOURCES) {
        const outcome = parser.parse(line);
        if (!outcome.ok) assert.ok(outcome.reason.length > 0 && !outcome.reason.startsWith("unreadable line"), `${kind} ${JSON.stringify(format)}: ${outcome.reason}`);
      }
    }
    assert.ok(compiled > 0, `${kind}: some random formats should compile`);
  }
});
