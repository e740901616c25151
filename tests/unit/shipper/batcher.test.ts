import { test } from "node:test";
import assert from "node:assert/strict";
import { LineBatcher, batchBody, batchKey, splitBatch, type Batch, type StreamInfo } from "@/lib/shipper/batcher";

const stream: StreamInfo = { label: "access.log", identity: "file:1:2:3" };
const text = (b: Batch) => b.lines.map((l) => l.toString());
const lines = (n: number, width = 9) => Array.from({ length: n }, (_, i) => `line ${String(i + 1).padStart(width - 5, "0")}`);

test("cuts at the line limit and keeps the order", () => {
  const b = new LineBatcher(stream, { maxLines: 3, maxBytes: 1 << 20 });
  const out = b.push(Buffer.from(lines(7).map((l) => `${l}\n`).join("")));
  assert.deepEqual(out.map(text), [lines(7).slice(0, 3), lines(7).slice(3, 6)]);
  assert.equal(b.pendingLines, 1);
  assert.deepEqual(b.end().map(text), [["line 0007"]]);
});

test("cuts at the byte limit: a batch's body (lines plus newlines) never exceeds it", () => {
  // Each line is 9 bytes + newline = 10.
  const b = new LineBatcher(stream, { maxLines: 1000, maxBytes: 25 });
  const out = [...b.push(Buffer.from(lines(5).map((l) => `${l}\n`).join(""))), ...b.end()];
  assert.deepEqual(out.map((x) => x.lines.length), [2, 2, 1]);
  for (const batch of out) {
    assert.ok(batch.bytes <= 25);
    assert.equal(batchBody(batch).length, batch.bytes);
  }
});

test("a line split across chunks is held until its newline, then sent whole", () => {
  const b = new LineBatcher(stream, { maxLines: 10, maxBytes: 1 << 20 });
  assert.deepEqual(b.push(Buffer.from("first\nsec")), []);
  assert.equal(b.partialLength, 3);
  assert.deepEqual(text(b.flush()!), ["first"], "flush sends complete lines only");
  assert.equal(b.flush(), null);
  b.push(Buffer.from("ond"));
  b.push(Buffer.from("\nthi"));
  assert.deepEqual(text(b.flush()!), ["second"]);
  assert.equal(b.partialLength, 3);
  assert.deepEqual(b.end().map(text), [["thi"]], "at the end of a file the partial line is a line");
});

test("a chunk buffer reused by the caller does not change a held line", () => {
  const b = new LineBatcher(stream, { maxLines: 10, maxBytes: 1 << 20 });
  const buf = Buffer.from("abc");
  b.push(buf);
  buf.write("XYZ");
  b.push(Buffer.from("def\n"));
  assert.deepEqual(text(b.flush()!), ["abcdef"]);
});

test("CRLF endings are stripped; blank lines are skipped but counted in line numbers and offsets", () => {
  const b = new LineBatcher(stream, { maxLines: 10, maxBytes: 1 << 20 });
  b.push(Buffer.from("a\r\n\r\n\nbb\n"));
  const batch = b.flush()!;
  assert.deepEqual(text(batch), ["a", "bb"]);
  assert.deepEqual(batch.lineNos, [1, 4]);
  assert.deepEqual(batch.offsets, [0, 6]);
  assert.equal(b.blankLines, 2);
});

test("offsets and line numbers follow the stream across chunks and batches, from a start offset", () => {
  const b = new LineBatcher(stream, { maxLines: 2, maxBytes: 1 << 20 }, 100);
  const out = [...b.push(Buffer.from("aa\nbbb\nc")), ...b.push(Buffer.from("c\ndd\n")), ...b.end()];
  assert.deepEqual(out.map((x) => x.offsets), [[100, 103], [107, 110]]);
  assert.deepEqual(out.map((x) => x.lineNos), [[1, 2], [3, 4]]);
});

test("a line longer than a whole batch is cut, not held forever", () => {
  const b = new LineBatcher(stream, { maxLines: 10, maxBytes: 16 });
  const out = [...b.push(Buffer.from("x".repeat(20))), ...b.push(Buffer.from("y".repeat(20)))];
  // Pieces of 15 bytes (+ newline = 16): 40 bytes make 2 cut pieces and 10 held bytes.
  assert.equal(b.cutLines, 2);
  assert.equal(b.partialLength, 10);
  const all = [...out, ...b.end()].flatMap(text);
  assert.deepEqual(all, ["x".repeat(15), "x".repeat(5) + "y".repeat(10), "y".repeat(10)]);
  for (const batch of out) assert.ok(batch.bytes <= 16);
});

test("setLimits applies to the batches that follow", () => {
  const b = new LineBatcher(stream, { maxLines: 100, maxBytes: 1 << 20 });
  b.setLimits({ maxLines: 2, maxBytes: 1 << 20 });
  assert.equal(b.push(Buffer.from("a\nb\nc\n")).length, 1);
});

test("the idempotency key depends on the stream, the offset and the content, and on nothing else", () => {
  const make = (identity: string, start: number, body: string) => {
    const b = new LineBatcher({ label: "x", identity }, { maxLines: 100, maxBytes: 1 << 20 }, start);
    b.push(Buffer.from(body));
    return batchKey(b.flush()!);
  };
  const key = make("file:1:2:3", 0, "a\nb\n");
  assert.match(key, /^ow1-[0-9a-f]{64}$/);
  assert.equal(make("file:1:2:3", 0, "a\nb\n"), key, "the same batch again: the same key (a retry, or a rerun)");
  assert.notEqual(make("file:1:2:4", 0, "a\nb\n"), key, "another file");
  assert.notEqual(make("file:1:2:3", 4, "a\nb\n"), key, "another place in the file");
  assert.notEqual(make("file:1:2:3", 0, "a\nc\n"), key, "other content");
});

test("splitBatch halves a batch with its own offsets, line numbers and size; a single line cannot be split", () => {
  const b = new LineBatcher(stream, { maxLines: 100, maxBytes: 1 << 20 });
  b.push(Buffer.from("aa\nbbb\ncccc\n"));
  const whole = b.flush()!;
  const [left, right] = splitBatch(whole)!;
  assert.deepEqual(text(left), ["aa", "bbb"]);
  assert.deepEqual(text(right), ["cccc"]);
  assert.deepEqual(right.offsets, [7]);
  assert.deepEqual(right.lineNos, [3]);
  assert.equal(left.bytes + right.bytes, whole.bytes);
  assert.notEqual(batchKey(left), batchKey(whole));
  assert.equal(splitBatch(right), null);
});
