import { test } from "node:test";
import assert from "node:assert/strict";
import { AnyTimeReader, ClfTimeReader, IsoTimeReader, parseEpochSeconds, parseSlashDateTime } from "@/lib/ingest/formats/time";
import { StrftimeError, StrftimeReader } from "@/lib/ingest/formats/strftime";

test("time: CLF with zones, HAProxy fractions, brackets; the per-second cache stays correct", () => {
  const clf = new ClfTimeReader();
  const read = (text: string) => clf.parse(text, 0, text.length);
  assert.equal(read("10/Oct/2000:13:55:36 -0700"), Date.UTC(2000, 9, 10, 20, 55, 36));
  assert.equal(clf.offsetMin, -420);
  assert.equal(read("10/Oct/2000:13:55:36 -0700"), Date.UTC(2000, 9, 10, 20, 55, 36), "cache hit");
  assert.equal(read("10/Oct/2000:13:55:36 +0200"), Date.UTC(2000, 9, 10, 11, 55, 36), "same second, other zone");
  assert.equal(clf.offsetMin, 120);
  assert.equal(read("[06/Feb/2009:12:14:14.655]"), Date.UTC(2009, 1, 6, 12, 14, 14, 655));
  assert.equal(clf.offsetMin, undefined);
  assert.equal(read("06/Feb/2009:12:14:14.001"), Date.UTC(2009, 1, 6, 12, 14, 14, 1));
  assert.equal(read("29/Feb/2024:23:59:60 +0000"), Date.UTC(2024, 1, 29, 23, 59, 60), "leap second accepted");
  for (const bad of ["10/Oct/2000:25:55:36 -0700", "10/Foo/2000:13:55:36 -0700", "10/Oct/2000:13:55:36 0700", "10-Oct-2000:13:55:36", "short"]) {
    assert.ok(Number.isNaN(read(bad)), bad);
  }
});

test("time: ISO 8601 with Z, offsets, fractions, a space separator and no zone", () => {
  const iso = new IsoTimeReader();
  const read = (text: string) => iso.parse(text, 0, text.length);
  assert.equal(read("2016-04-15T20:17:00.310Z"), Date.UTC(2016, 3, 15, 20, 17, 0, 310));
  assert.equal(read("2016-04-15T20:17:00.311Z"), Date.UTC(2016, 3, 15, 20, 17, 0, 311));
  assert.equal(read("2000-10-10T13:55:36-07:00"), Date.UTC(2000, 9, 10, 20, 55, 36));
  assert.equal(iso.offsetMin, -420);
  assert.equal(read("2000-10-10 13:55:36+0530"), Date.UTC(2000, 9, 10, 8, 25, 36));
  assert.equal(read("2000-10-10T13:55:36.123456789"), Date.UTC(2000, 9, 10, 13, 55, 36, 123.456789));
  assert.equal(iso.offsetMin, undefined);
  assert.ok(Number.isNaN(read("2000-13-10T13:55:36Z")));
  assert.ok(Number.isNaN(read("2000-10-10T13:55:36Zjunk")));
});

test("time: epoch seconds, nginx error-log dates and values of unknown shape", () => {
  const text = "1709287200.123";
  assert.equal(parseEpochSeconds(text, 0, text.length), 1709287200123);
  const error = "2024/03/01 10:00:05";
  assert.equal(parseSlashDateTime(error, 0), Date.UTC(2024, 2, 1, 10, 0, 5));
  const any = new AnyTimeReader();
  const read = (value: string) => any.parseText(value, 0, value.length);
  assert.equal(any.parseNumber(1709287200), 1709287200000);
  assert.equal(any.parseNumber(1709287200123), 1709287200123);
  assert.ok(Number.isNaN(any.parseNumber(Number.POSITIVE_INFINITY)));
  assert.equal(read("[01/Mar/2024:10:00:00 +0100]"), Date.UTC(2024, 2, 1, 9));
  assert.equal(any.offsetMin, 60);
  // An epoch value has no zone: it must not keep the previous value's.
  assert.equal(read("1709287200"), 1709287200000);
  assert.equal(any.offsetMin, undefined);
  assert.equal(read("2024-03-01T10:00:00.250-02:00"), Date.UTC(2024, 2, 1, 12, 0, 0, 250));
  assert.equal(any.offsetMin, -120);
  assert.ok(Number.isNaN(read("")));
  assert.ok(Number.isNaN(read("soon")));
  // Only the span is read: the same value inside a longer line gives the same time.
  const line = '{"t":"1709287200","u":"x"}';
  assert.equal(any.parseText(line, 6, 16), 1709287200000);
});

test("strftime patterns: conversions, zones, Envoy fractions, unsupported conversions", () => {
  const reader = new StrftimeReader("%d/%b/%Y:%T %z");
  assert.equal(reader.sample, "10/Oct/2000:13:55:36 +0000");
  const value = "01/Mar/2024:10:00:07 -0100";
  assert.equal(reader.parse(value, 0, value.length), Date.UTC(2024, 2, 1, 11, 0, 7));
  const envoy = new StrftimeReader("%Y-%m-%dT%H:%M:%S.%3fZ");
  const stamp = "2024-03-01T10:00:07.250Z";
  assert.equal(envoy.parse(stamp, 0, stamp.length), Date.UTC(2024, 2, 1, 10, 0, 7, 250));
  const epoch = new StrftimeReader("%s");
  assert.equal(epoch.parse("1709287207", 0, 10), 1709287207000);
  assert.ok(Number.isNaN(reader.parse("garbage", 0, 7)));
  assert.throws(() => new StrftimeReader("%Y-%Q"), (error: unknown) => error instanceof StrftimeError && error.conversion === "%Q" && error.index === 3);
});
