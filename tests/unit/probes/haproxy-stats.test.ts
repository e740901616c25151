import { test } from "node:test";
import assert from "node:assert/strict";
import { interpretHaproxyCsv, parseHaproxyCsv } from "@/lib/probes/kinds/haproxy-stats";
import { readFixture } from "./fixtures/load";

test("parses backend and server rows, skipping frontends", () => {
  const parsed = parseHaproxyCsv(readFixture("haproxy-stats.csv"));
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.rows.map((row) => `${row.proxy}/${row.server} ${row.status}`),
    [
      "stats/BACKEND UP",
      "app/web1 UP",
      "app/web2 DOWN",
      "app/web3 MAINT",
      "app/BACKEND UP",
      "api/api1 UP 1/3",
      "api/api2 no check",
      "api/BACKEND UP",
    ],
  );
  const web2 = parsed.rows.find((row) => row.server === "web2");
  assert.deepEqual(web2?.counters, { hrsp_5xx: 0, eresp: 0, econ: 17, wretr: 9 });
  const backend = parsed.rows.find((row) => row.proxy === "app" && row.isBackend);
  assert.equal(backend?.qcur, 2);
  assert.equal(backend?.slim, 3000);
});

test("a quoted field with a comma does not shift the columns after it", () => {
  const parsed = parseHaproxyCsv(readFixture("haproxy-stats.csv"));
  assert.ok(parsed.ok);
  const api1 = parsed.rows.find((row) => row.server === "api1");
  assert.equal(api1?.counters.hrsp_5xx, 902);
  assert.equal(api1?.scur, 20);
});

test("reports DOWN and MAINT servers, queueing and session limits", () => {
  const reading = interpretHaproxyCsv(readFixture("haproxy-stats.csv"), undefined);
  assert.ok(reading.ok);
  const { signals, summary } = reading.reading;
  assert.equal(signals.servers_total, 5);
  assert.equal(signals.servers_down, 1);
  assert.equal(signals.servers_maint, 1);
  assert.equal(signals.queued, 2);
  assert.equal(signals["app/web2.status"], "DOWN");
  assert.equal(signals["api/api1.status"], "UP 1/3");
  assert.equal(signals.saturated, true);
  assert.equal(
    summary,
    "HAProxy: 1 of 5 servers DOWN (app/web2); 1 in MAINT; 2 requests queued; at session limit: api/api1",
  );
});

test("5xx and error counters become deltas per backend", () => {
  const previous = {
    "app/BACKEND.hrsp_5xx": 201,
    "app/BACKEND.econ": 10,
    "app/BACKEND.eresp": 3,
    "app/web2.econ": 10,
    "api/BACKEND.hrsp_5xx": 914,
  };
  const reading = interpretHaproxyCsv(readFixture("haproxy-stats.csv"), previous);
  assert.ok(reading.ok);
  const { signals, summary } = reading.reading;
  assert.equal(signals["app/BACKEND.hrsp_5xx.delta"], 14);
  assert.equal(signals["app/BACKEND.econ.delta"], 7);
  assert.equal(signals["app/web2.econ.delta"], 7);
  assert.equal(signals["api/BACKEND.hrsp_5xx.delta"], 0);
  assert.match(summary, /backend app: 14 5xx, 7 connection errors since last probe$/);
});

test("a healthy farm reads as such", () => {
  const csv = [
    "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,",
    "web,s1,0,0,1,3,,20,1000,2000,,0,,0,0,0,0,UP,1,1,0,0,0,50,0,,1,2,1,,20,,2,0,,2,L4OK,,0,0,20,0,0,0,0,0,,,,0,0,",
    "web,BACKEND,0,0,1,3,200,20,1000,2000,0,0,,0,0,0,0,UP,1,1,0,,0,50,0,,1,2,0,,20,,1,0,,2,,,,0,20,0,0,0,0,,,,,0,0,",
  ].join("\n");
  const reading = interpretHaproxyCsv(csv, undefined);
  assert.ok(reading.ok);
  assert.equal(reading.reading.signals.saturated, false);
  assert.equal(reading.reading.summary, "HAProxy: 1 server up, nothing queued");
});

test("the HTML stats page (URL without ;csv) is rejected with a hint", () => {
  const parsed = parseHaproxyCsv("<html><head><title>Statistics Report for HAProxy</title></head></html>");
  assert.deepEqual(parsed, { ok: false, reason: "not HAProxy stats CSV (the stats URL usually ends in ;csv)" });
});
