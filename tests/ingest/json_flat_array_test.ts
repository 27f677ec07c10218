/**
 * An array of flat records is read by polars (as NDJSON lines) instead of as millions of
 * JavaScript objects. Every shape must give exactly the rows the record-by-record path gives.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { CANONICAL_COLUMNS } from "../../lib/core/events.ts";
import type { ColumnMap } from "../../lib/ingest/column_map.ts";
import { loadInput } from "../../lib/ingest/input_content.ts";
import { flatArrayOf, readFlatJsonArray } from "../../lib/ingest/json_flat_array.ts";
import { InputFileError } from "../../lib/ingest/input_file_error.ts";
import { readJsonFile } from "../../lib/ingest/read_json.ts";
import { readNdjsonRows } from "../../lib/ingest/read_ndjson.ts";
import { fixture, tempFile } from "../helpers.ts";

const TEXT_COLUMNS = ["file", "line", "element", ...CANONICAL_COLUMNS] as const;

/** The rows a JSON input gives, as plain records with every canonical column. */
function rowsOf(path: string, { fast, columnMap }: { fast: boolean; columnMap?: ColumnMap }) {
  const loaded = loadInput(path);
  if (fast) {
    const flatArray = flatArrayOf(loaded.bytes!, loaded.text!);
    const options = { name: path, fileIndex: 0, columnMap };
    assert.ok(
      flatArray && readFlatJsonArray(loaded.bytes!, flatArray, options),
      `${path} should take the polars path`,
    );
  }
  const read = readJsonFile({ path, index: 0, chosen: undefined, columnMap }, loaded, {
    recordByRecord: !fast,
  });
  assert.equal(read.kind, "frame");
  const frame = (read as { frame: pl.LazyDataFrame }).frame.collectSync();
  return frame.select(
    ...TEXT_COLUMNS.map((column) =>
      frame.columns.includes(column)
        ? pl.col(column).cast(
          column === "file"
            ? pl.Int32
            : column === "line" || column === "element"
            ? pl.Int64
            : pl.Utf8,
        )
        : pl.lit(null).cast(column === "element" ? pl.Int64 : pl.Utf8).alias(column)
    ),
    ...(frame.columns.includes("reason")
      ? [pl.col("reason")]
      : [pl.lit(null).cast(pl.Utf8).alias("reason")]),
  ).toRecords().map((row) => ({
    ...row,
    line: Number(row.line),
    element: row.element === null ? null : Number(row.element),
  }));
}

const event = (fields: Record<string, unknown>) => JSON.stringify(fields);
const deploy = { timestamp: "2024-03-04T10:00:00Z", type: "deploy", id: "d1", service: "api" };

const SHAPES: Record<string, string> = {
  "one line, as APIs and jq -c write it": `[${event(deploy)},${event({ ...deploy, id: "d2" })},{}]`,
  "pretty-printed, two-space indent": JSON.stringify([deploy, { ...deploy, id: "d2" }], null, 2),
  "CRLF line ends and a byte-order mark": "\ufeff" +
    JSON.stringify([deploy, deploy], null, 2).replaceAll("\n", "\r\n") + "\r\n",
  "records sharing some lines but not others": `[${event(deploy)}, ${event(deploy)},\n${
    event({ ...deploy, id: "d3" })
  }\n]`,
  "integers, booleans, nulls and unicode as text": `[${
    event({
      timestamp: "2024-03-04T10:00:00Z",
      type: "incident_start",
      id: 123456789012345,
      service: "zahlungsdienst-ü-✓",
      deploy_id: null,
    })
  }, ${event({ timestamp: true, type: "deploy", id: "x", service: "é" })}]`,
  "keys in any order, unknown keys, missing columns": `[${
    event({ zeta: "ignored", type: "deploy", timestamp: "2024-03-04T10:00:00+02:00" })
  }, ${event({ commit_timestamp: "2024-03-03T10:00:00Z", note: 5 })}]`,
  "only empty records": "[{}, {},\n{}]",
  "strings with escapes, commas and colons": `[${
    event({ ...deploy, service: 'a,b:"c"\\\t\u2028\u202e' })
  }]`,
};

for (const [name, text] of Object.entries(SHAPES)) {
  Deno.test(`a flat array, ${name}: polars gives the rows JavaScript gives`, () => {
    const path = tempFile(text, ".json");
    assert.deepEqual(rowsOf(path, { fast: true }), rowsOf(path, { fast: false }));
  });
}

Deno.test("a flat array under --map: polars gives the rows JavaScript gives", () => {
  const path = tempFile(
    `[${event({ When: "2024-03-04T10:00:00Z", Kind: "deploy", App: "api" })}]`,
    ".json",
  );
  const columnMap: ColumnMap = {
    columns: new Map([["timestamp", "when"], ["type", "kind"], ["service", "app"]]),
    typeValues: new Map(),
  };
  const rows = rowsOf(path, { fast: true, columnMap });
  assert.deepEqual(rows, rowsOf(path, { fast: false, columnMap }));
  assert.equal((rows[0] as Record<string, unknown>).service, "api");
});

Deno.test("only a plain array of flat objects takes the polars path", () => {
  const flat = (text: string) => flatArrayOf(new TextEncoder().encode(text), text) !== null;
  assert.equal(flat(`[${event(deploy)}]`), true);
  for (
    const other of [
      `[${event({ ...deploy, labels: ["a"] })}]`, // an array inside
      `[${event({ ...deploy, meta: { a: 1 } })}]`, // an object inside
      `[${event({ ...deploy, service: "a}{b" })}]`, // braces in a string
      `[${event({ ...deploy, service: "[x]" })}]`, // brackets in a string
      `[${event({ ...deploy, id: 1.5 })}]`, // a fraction: JavaScript keeps its text
      `[${event({ ...deploy, id: 1e21 })}]`,
      `[${event({ ...deploy, id: 12345678901234567890n.toString() })}]`.replace(/"(\d{20})"/, "$1"),
      `[${event({ ...deploy, service: "\ud83d" })}]`, // an escaped lone surrogate
      `[${event(deploy).replace('"d1"', "-0")}]`, // polars writes -0 as 0
      `[${event(deploy)},]`, // a trailing comma
      `[${event(deploy)} ${event(deploy)}]`, // no comma
      `[${event(deploy)},,${event(deploy)}]`,
      `[${event(deploy)}] x`,
      `[1, ${event(deploy)}]`,
      "[]",
      `{"data": [${event(deploy)}]}`,
    ]
  ) assert.equal(flat(other), false, other);
});

Deno.test("a flat array that names a vendor export is left to its adapter", () => {
  const run = { databaseId: 1, conclusion: "success", createdAt: "2024-03-04T10:00:00Z" };
  const path = tempFile(
    `[${event({ ...run, workflowName: "deploy", status: "completed" })}]`,
    ".json",
  );
  const read = readJsonFile({ path, index: 0, chosen: undefined }, loadInput(path));
  assert.equal(read.kind, "vendor");
});

Deno.test("the one-line fixture reads the same either way", () => {
  const path = fixture("shapes/events-one-line.json");
  assert.deepEqual(rowsOf(path, { fast: true }), rowsOf(path, { fast: false }));
});

Deno.test("a raw line feed inside a string is invalid JSON on either path", () => {
  const text = `[${event(deploy)},\n${
    event({ ...deploy, id: "a\u0001b" }).replace("\\u0001", "\n")
  }]`;
  const path = tempFile(text, ".json");
  const loaded = loadInput(path);
  const flatArray = flatArrayOf(loaded.bytes!, loaded.text!);
  assert.ok(flatArray, "the shape alone looks flat");
  assert.equal(readFlatJsonArray(loaded.bytes!, flatArray, { name: path, fileIndex: 0 }), null);
  for (const recordByRecord of [false, true]) {
    assert.throws(
      () => readJsonFile({ path, index: 0, chosen: undefined }, loaded, { recordByRecord }),
      (error: Error) => error instanceof InputFileError && /not valid JSON/.test(error.message),
    );
  }
});

Deno.test("-0 keeps its text in a JSON array and in NDJSON", () => {
  const record = event(deploy).replace('"d1"', "-0");
  const array = tempFile(`[${record}]`, ".json");
  assert.deepEqual(rowsOf(array, { fast: false }).map((row) => (row as { id?: unknown }).id), [
    "-0",
  ]);
  const loaded = loadInput(array);
  const read = readJsonFile({ path: array, index: 0, chosen: undefined }, loaded);
  const frame = (read as { frame: pl.LazyDataFrame }).frame.collectSync();
  assert.deepEqual(frame.getColumn("id").toArray(), ["-0"]);
  const text = `${record}\n`;
  const lines = readNdjsonRows({ bytes: new TextEncoder().encode(text), text }, {
    name: "a.ndjson",
    fileIndex: 0,
  });
  assert.deepEqual(lines.getColumn("id").toArray(), ["-0"]);
});
