import { test } from "node:test";
import assert from "node:assert/strict";
import { flatCopy, ValueInterner } from "@/lib/ingest/formats/intern";

test("interner: the same value comes back as the same string, different values stay apart", () => {
  const interner = new ValueInterner();
  const lines = "a 10.0.1.10:8080 b\na 10.0.1.11:8080 b\na 10.0.1.10:8080 b".split("\n");
  const first = interner.get(lines[0], 2, 16);
  const other = interner.get(lines[1], 2, 16);
  const again = interner.get(lines[2], 2, 16);
  assert.equal(first, "10.0.1.10:8080");
  assert.equal(other, "10.0.1.11:8080");
  assert.equal(again, first);
  assert.equal(interner.get("x", 0, 1), "x");
  assert.equal(interner.get("xy", 0, 2), "xy");
  assert.equal(interner.get("xz", 0, 2), "xz");
});

test("interner: bounded; past the limit values are plain slices", () => {
  const interner = new ValueInterner(2);
  assert.equal(interner.get("alpha", 0, 5), "alpha");
  assert.equal(interner.get("bravo", 0, 5), "bravo");
  assert.equal(interner.get("charlie", 0, 7), "charlie");
  assert.equal(interner.get("alpha", 0, 5), "alpha");
  assert.equal(flatCopy("hello world", 6, 11), "world");
});

test("interner: values handed whole (JSON string values) come back as one string per value, bounded", () => {
  const interner = new ValueInterner(2);
  const first = interner.get(JSON.parse('"app.shop.example"') as string, 0, 16);
  const again = interner.get(JSON.parse('"app.shop.example"') as string, 0, 16);
  assert.equal(first, "app.shop.example");
  assert.equal(again, first);
  assert.equal(interner.get("api.shop.example", 0, 16), "api.shop.example");
  // Past the limit: the value itself, still equal.
  assert.equal(interner.get("static.shop.example", 0, 19), "static.shop.example");
  // A span of a longer line still takes the span road.
  assert.equal(interner.get("x app.shop.example y", 2, 18), "app.shop.example");
});
