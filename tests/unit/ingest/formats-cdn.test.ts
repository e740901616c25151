// CDN presets read what each CDN delivers. Golden lines are the CDNs' own documentation examples
// (cited per test); the rest vary one thing at a time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFormat, FormatError } from "@/lib/ingest/formats/registry";
import { CLOUDFRONT_STANDARD_FIELDS } from "@/lib/ingest/formats/cdn/cloudfront";
import { parseNotice, parseRequest, rejection } from "./helpers";

// https://developers.cloudflare.com/logs/logpull/understanding-the-basics/ (the example record)
const CLOUDFLARE_DOC =
  '{"ClientIP":"89.163.242.206","ClientRequestHost":"www.theburritobot.com","ClientRequestMethod":"GET","ClientRequestURI":"/static/img/testimonial-hipster.png","EdgeEndTimestamp":1506702504433000000,"EdgeResponseBytes":69045,"EdgeResponseStatus":200,"EdgeStartTimestamp":1506702504276000000,"RayID":"3a6050bcbe121a87"}';

test("cloudflare: the documented Logpush record, its fields where ours go", () => {
  const r = parseRequest("cloudflare", CLOUDFLARE_DOC);
  assert.equal(r.time, 1506702504276);
  assert.equal(r.status, 200);
  assert.equal(r.backend, "www.theburritobot.com");
  assert.equal(r.method, "GET");
  assert.equal(r.path, "/static/img/testimonial-hipster.png");
  assert.equal(r.client, "89.163.242.206");
  assert.equal(r.bytes, 69045);
});

test("cloudflare: every Logpush timestamp_format (unixnano, unix, rfc3339) reads as the same time", () => {
  const at = (ts: string) => parseRequest("cloudflare", `{"EdgeStartTimestamp":${ts},"EdgeResponseStatus":200}`).time;
  const expected = Date.UTC(2026, 11, 7, 1, 0, 0);
  assert.equal(at("1796605200000000000"), expected);
  assert.equal(at("1796605200"), expected);
  assert.equal(at('"2026-12-07T01:00:00Z"'), expected);
});

test("cloudflare: origin status, cache status and timings; the user's own mapping overrides one field", () => {
  const line = '{"EdgeStartTimestamp":1796605200,"EdgeResponseStatus":522,"OriginResponseStatus":0,"CacheCacheStatus":"expired","ClientRequestHost":"shop.example","OriginTCPHandshakeDurationMs":0,"EdgeTimeToFirstByteMs":19000}';
  const r = parseRequest("cloudflare", line);
  assert.equal(r.evidence.originStatus, 0);
  assert.equal(r.handling, "miss", "expired: the origin was asked");
  assert.equal(r.firstByteMs, 19000);
  assert.equal(r.upstreamConnectMs, 0);
  // Timings as JSON numbers (read directly) and as text read the same; a negative one is absent.
  const timing = (value: string) => parseRequest("cloudflare", `{"EdgeStartTimestamp":1796605200,"EdgeResponseStatus":200,"OriginResponseHeaderReceiveDurationMs":${value},"EdgeTimeToFirstByteMs":${value}}`);
  for (const [value, ms] of [["12.5", 12.5], ['"12.5"', 12.5], ["-1", undefined]] as const) {
    assert.equal(timing(value).upstreamHeaderMs, ms, value);
    assert.equal(timing(value).firstByteMs, ms, value);
  }
  const own = parseRequest("cloudflare", '{"ts":1796605200,"EdgeResponseStatus":200,"CacheCacheStatus":"hit"}', '{"time":"ts"}');
  assert.equal(own.time, Date.UTC(2026, 11, 7, 1, 0, 0));
  assert.equal(own.handling, "hit");
  assert.throws(() => compileFormat("cloudflare", '{"bogus":"x"}'), FormatError);
});

// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html (example log file)
const CLOUDFRONT_FILE = [
  "#Version: 1.0",
  `#Fields: ${CLOUDFRONT_STANDARD_FIELDS}`,
  "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-",
  "2019-12-13\t22:36:27\tSEA19-C1\t900\t192.0.2.200\tGET\td111111abcdef8.cloudfront.net\t/favicon.ico\t502\thttp://www.example.com/\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36\t-\t-\tError\t1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==\twww.example.com\thttp\t675\t0.102\t-\t-\t-\tError\tHTTP/1.1\t-\t-\t25260\t0.102\tOriginDnsError\ttext/html\t507\t-\t-",
];

test("cloudfront: a standard log file with its header lines; header lines are notices, the rest requests", () => {
  const parser = compileFormat("cloudfront");
  const outcomes = CLOUDFRONT_FILE.map((line) => parser.parse(line));
  assert.deepEqual(outcomes.map((o) => (o.ok ? o.kind : o.reason)), ["notice", "notice", "request", "request"]);
  const [hit, dns] = outcomes.slice(2).map((o) => (o.ok && o.kind === "request" ? o.request : assert.fail("request")));
  assert.equal(hit.time, Date.UTC(2019, 11, 4, 21, 2, 31));
  assert.equal(hit.handling, "hit");
  assert.equal(hit.status, 200);
  assert.equal(hit.bytes, 392);
  assert.equal(hit.totalMs, 1);
  assert.equal(hit.protocol, "HTTP/2.0");
  assert.equal(dns.status, 502);
  assert.equal(dns.backend, "www.example.com", "x-host-header names the site");
  assert.equal(dns.evidence.cdnError, "OriginDnsError");
});

test("cloudfront: URL-encoded fields are decoded exactly once; the query joins the path", () => {
  const line = CLOUDFRONT_FILE[3]!.replace("/favicon.ico", "/a%20b/%25E2%2582%25AC%C3%A9.html").replace("HTTP/1.1\t-", "HTTP/1.1\t-").split("\t");
  line[11] = "q=1%202";
  const r = parseRequest("cloudfront", line.join("\t"));
  assert.equal(r.path, "/a b/%E2%82%ACé.html?q=1%202");
  assert.equal(parseRequest("cloudfront", CLOUDFRONT_FILE[3]!.replace("/favicon.ico", "/100%")).path, "/100%", "a lone % is kept as logged");
});

test("cloudfront: a #Fields line switches the order for the lines after it; real-time fields by list", () => {
  const parser = compileFormat("cloudfront");
  assert.equal(parser.parse("#Fields: sc-status timestamp x-edge-detailed-result-type").ok, true);
  const after = parser.parse("504\t1575493351.123\tOriginConnectError");
  assert.ok(after.ok && after.kind === "request");
  assert.equal(after.request.status, 504);
  assert.equal(after.request.time, 1575493351123);
  // Another batch starts from the source's configured fields again (the parser is per batch).
  assert.equal(compileFormat("cloudfront").parse("504\t1575493351.123\tOriginConnectError").ok, false);
  const realtime = parseRequest("cloudfront", "1575493351.123\t192.0.2.1\t0.002\t503\t400\tGET\thttps\td1.cloudfront.net\t/x\tMiss", "timestamp c-ip time-to-first-byte sc-status sc-bytes cs-method cs-protocol cs-host cs-uri-stem x-edge-result-type");
  assert.equal(realtime.handling, "miss");
  assert.equal(realtime.firstByteMs, 2);
  assert.throws(() => compileFormat("cloudfront", "date time cs-method"), FormatError, "no sc-status");
  assert.match(rejection("cloudfront", "#Fields: date"), /#Fields/);
});

// https://www.fastly.com/documentation/guides/vcl/errors/ ("first byte timeout"); the record is our recommended format.
test("fastly: the recommended JSON format, with fastly_info.state and the response text", () => {
  const r = parseRequest(
    "fastly",
    '{"time":1796605200123,"client_ip":"192.0.2.7","method":"GET","url":"/api?x=1","protocol":"HTTP/2","status":503,"response":"first byte timeout","state":"MISS-CLUSTER","backend":"F_origin_0","bytes":0,"elapsed_ms":15002}',
  );
  assert.equal(r.time, 1796605200123);
  assert.equal(r.handling, "miss");
  assert.equal(r.backend, "F_origin_0");
  assert.equal(r.totalMs, 15002);
  assert.equal(r.evidence.cdnError, "first byte timeout");
  for (const [state, handling] of [["HIT", "hit"], ["HIT-STALE", "hit"], ["PASS", "pass"], ["HITPASS", "hitpass"], ["HIT-SYNTH", "synth"], ["ERROR", undefined]] as const) {
    assert.equal(parseRequest("fastly", `{"time":1796605200123,"status":200,"state":"${state}"}`).handling, handling, state);
  }
});

// https://techdocs.akamai.com/datastream2/docs/log-format-1 (the JSON sample, trimmed to the fields we read)
test("akamai: a DataStream 2 JSON record (string values), error code and cache status", () => {
  const r = parseRequest(
    "akamai",
    '{"version":1,"streamId":"12345","cp":"123456","reqId":"1239f220","reqTimeSec":"1573840000","bytes":"4995","cliIP":"128.147.28.68","statusCode":"206","proto":"HTTPS","reqHost":"test.hostname.net","reqMethod":"GET","reqPath":"/path1/path2/file.ext","reqPort":"443","rspContentLen":"5000","rspContentType":"text/html","errorCode":"ERR_ACCESS_DENIED|fwd_acl","turnAroundTimeMSec":"11","cacheStatus":"1"}',
  );
  assert.equal(r.time, 1573840000000);
  assert.equal(r.status, 206);
  assert.equal(r.backend, "test.hostname.net");
  assert.equal(r.handling, "hit");
  assert.equal(r.totalMs, 11);
  assert.equal(r.evidence.cdnError, "ERR_ACCESS_DENIED|fwd_acl");
});

// https://docs.bunny.net/docs/cdn-log-format (the example line)
const BUNNY_DOC =
  "HIT|200|1507167062421|412|390|163.172.53.229|-|https://bunnycdn.b-cdn.net/assets/landingpage/images/cdn-video-preview-from-a-blue-moon.m4v|WA|Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/65.0.3325.146 Safari/537.36|322b688bd63fb63f2babe9de30a5d262|DE";

test("bunny: the documented access line; Origin Errors records are notices", () => {
  const r = parseRequest("bunny", BUNNY_DOC);
  assert.equal(r.time, 1507167062421);
  assert.equal(r.status, 200);
  assert.equal(r.handling, "hit");
  assert.equal(r.bytes, 412);
  assert.equal(r.backend, "bunnycdn.b-cdn.net");
  assert.equal(r.path, "/assets/landingpage/images/cdn-video-preview-from-a-blue-moon.m4v");
  // https://docs.bunny.net/docs/cdn-origin-errors (the example record's log)
  const notice = parseNotice("bunny", '{"RequestUrl":"/apikey","PullZoneId":308006,"Message":"Origin DNS lookup failed...","ErrorCode":"dns_lookup","StatusCode":502}');
  assert.match(notice.message, /dns_lookup \(502, cause dns_error\)/);
  assert.throws(() => compileFormat("bunny", "%h %s"), FormatError);
});
