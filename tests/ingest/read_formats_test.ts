/**
 * The canonical formats beside CSV: NDJSON, JSON arrays, gzip, and several inputs at once. The same
 * events must give the same summary whatever the format or the split into files.
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { InputFileError } from "../../lib/ingest/input_file_error.ts";
import { readNdjsonRows } from "../../lib/ingest/read_ndjson.ts";
import { parseRows } from "../../lib/ingest/parse_rows.ts";
import { scanSources } from "../../lib/ingest/read_events.ts";
import { summarize, type Summary } from "../../lib/pipeline/summary.ts";
import { csv, tempFile, textRowsOf } from "../helpers.ts";

/** Two services, a linked and an inferred incident failure, an open incident, lead times. */
const EVENTS = [
  {
    timestamp: "2024-03-04T09:00:00Z",
    type: "deploy",
    id: "d1",
    service: "shop",
    commit_timestamp: "2024-03-04T07:30:00Z",
  },
  { timestamp: "2024-03-04T11:00:00Z", type: "deploy", id: "d2", service: "search" },
  { timestamp: "2024-03-04T11:30:00Z", type: "incident_start", id: "i1", service: "search" },
  {
    timestamp: "2024-03-04T13:15:00+01:00",
    type: "incident_resolved",
    id: "i1",
    service: "search",
  },
  {
    timestamp: "2024-03-05T10:00:00.500Z",
    type: "deploy",
    id: "d3",
    service: "shop",
    commit_timestamp: "2024-03-05T09:00:00Z",
  },
  {
    timestamp: "2024-03-05T10:20:00Z",
    type: "incident_start",
    id: "i2",
    service: "shop",
    deploy_id: "d1",
  },
  { timestamp: "2024-03-05T13:20:00Z", type: "incident_resolved", id: "i2", service: "shop" },
  { timestamp: "2024-03-06T08:00:00Z", type: "deploy", id: "d4", service: "shop" },
  { timestamp: "2024-03-06T09:00:00Z", type: "incident_start", id: "i3", service: "shop" },
];
const COLUMNS = ["timestamp", "type", "id", "service", "commit_timestamp", "deploy_id"] as const;
type Event = Partial<Record<typeof COLUMNS[number], string>>;

function toCsv(events: Event[]): string {
  return csv(
    COLUMNS.join(","),
    ...events.map((event) => COLUMNS.map((column) => event[column] ?? "").join(",")),
  );
}
function toNdjson(events: Event[]): string {
  return events.map((event) => JSON.stringify(event)).join("\n") + "\n";
}
function toJsonArray(events: Event[]): string {
  return JSON.stringify(events, null, 2) + "\n";
}
function gzip(text: string): Uint8Array {
  return gzipSync(new TextEncoder().encode(text));
}
function summaryOf(files: string[]): Summary {
  return summarize(analyze({ kind: "file", files }));
}
function withoutFiles(summary: Summary): Summary {
  return { ...summary, source: { ...summary.source, files: [] } };
}

Deno.test("the same events give the same summary as CSV, NDJSON, JSON, gzip, or split across files", () => {
  const expected = withoutFiles(summaryOf([tempFile(toCsv(EVENTS), ".csv")]));
  assert.equal(expected.events.used, 9);
  const variants: Record<string, string[]> = {
    ndjson: [tempFile(toNdjson(EVENTS), ".ndjson")],
    jsonl: [tempFile(toNdjson(EVENTS), ".jsonl")],
    json: [tempFile(toJsonArray(EVENTS), ".json")],
    "csv.gz": [tempFile(gzip(toCsv(EVENTS)), ".csv.gz")],
    "ndjson.gz": [tempFile(gzip(toNdjson(EVENTS)), ".ndjson.gz")],
    "json.gz": [tempFile(gzip(toJsonArray(EVENTS)), ".json.gz")],
    "split and shuffled": [
      tempFile(toNdjson(EVENTS.slice(6)), ".ndjson"),
      tempFile(toCsv(EVENTS.slice(0, 3)), ".csv"),
      tempFile(toJsonArray(EVENTS.slice(3, 6).reverse()), ".json"),
    ],
  };
  for (const [name, files] of Object.entries(variants)) {
    const summary = summaryOf(files);
    assert.deepEqual(withoutFiles(summary), expected, name);
    assert.deepEqual(summary.source.files, files, name);
  }
});

Deno.test("NDJSON rows are physical lines; a broken line is one rejected row", () => {
  const path = tempFile(
    [
      '{"timestamp":"2024-03-04T09:00:00Z","type":"deploy","id":42}',
      "",
      '{"timestamp":"2024-03-04T10:00:00Z","type":"deploy","id":{"nested":true}}',
      '{"timestamp":"2024-03-04T11:00:00Z","type":',
      '["not", "an", "object"]',
      '{"timestamp":"2024-03-04T12:00:00Z","type":"deploy","id":1.50,"service":true}',
    ].join("\r\n") + "\r\n",
    ".ndjson",
  );
  const summary = summaryOf([path]);
  assert.equal(summary.events.read, 6);
  assert.deepEqual(summary.events.rejected.map((row) => [row.line, row.reason]), [
    [2, "empty line"],
    [3, "id: a JSON object, expected text"],
    [4, "invalid JSON: Unexpected end of JSON input"],
    [5, "invalid record: expected a JSON object, got an array"],
  ]);
  // Numbers and booleans keep the text the file wrote.
  assert.deepEqual(
    textRowsOf([path]).filter((row) => row.type === "deploy" && !row.reason).map((
      row,
    ) => [row.id, row.service ?? null]),
    [
      ["42", null],
      ["1.50", "true"],
    ],
  );
});

Deno.test("clean NDJSON is read by polars; anything else by the per-line path", () => {
  const read = (text: string) =>
    readNdjsonRows({ bytes: new TextEncoder().encode(text), text }, {
      name: "e.ndjson",
      fileIndex: 0,
    });
  // The per-line path always carries a reason column; polars' frame has only what the file has.
  const clean = read(
    '{"timestamp":"2024-03-04T09:00:00Z","type":"deploy","id":7}\n{"timestamp":"2024-03-04T10:00:00Z","type":"deploy","id":8}\n',
  );
  assert.deepEqual(clean.columns, ["file", "line", "timestamp", "type", "id"]);
  assert.deepEqual(clean.getColumn("id").toArray(), ["7", "8"]);
  for (
    const dirty of [
      '{"timestamp":"2024-03-04T09:00:00Z","type":"deploy"}\n   \n', // a whitespace-only line panics polars
      '{"timestamp":' + "[".repeat(10_000) + "]".repeat(10_000) + "}\n", // deep nesting overflows its stack
      '{"timestamp":"2024-03-04T09:00:00Z","type":"deploy","id":2.0}\n', // a float would print as 2.0
    ]
  ) {
    assert.ok(read(dirty).columns.includes("reason"), dirty.slice(0, 40));
  }
});

Deno.test("JSON array rows are numbered by the line on which each element starts", () => {
  const path = tempFile(
    '[\n  {"timestamp": "2024-03-04T09:00:00Z",\n   "type": "deploy"},\n  {"timestamp": "2024-03-04",\n   "type": "deploy"},\n' +
      '  "text", {"timestamp": "2024-03-04T10:00:00Z", "type": "deploy", "service": ["a"]}\n]\n',
    ".json",
  );
  assert.deepEqual(
    summaryOf([path]).events.rejected.map((row) => [row.line, row.reason.split(":")[0]]),
    [
      [4, "timestamp"],
      [6, "invalid record"],
      [6, "service"],
    ],
  );
});

Deno.test("a JSON file that cannot be read as events is a whole-file error naming the file", () => {
  const cases: [string | Uint8Array, string, RegExp][] = [
    ['[{"timestamp": "2024-03-04T09:00:00Z", "type": "deploy"},', ".json", /not valid JSON/],
    ['{"events": []}', ".json", /expected a JSON array of event objects, got an object/],
    ['"just a string"', ".json", /expected a JSON array/],
    ["", ".ndjson", /is empty/],
    [gzip("[]").subarray(0, 12), ".json.gz", /not a valid gzip file/],
  ];
  for (const [text, suffix, problem] of cases) {
    const path = tempFile(text, suffix);
    assert.throws(
      () => parseRows(scanSources([path]), 1),
      (error: Error) =>
        error instanceof InputFileError && error.message.startsWith(`${path}: `) &&
        problem.test(error.message),
      suffix,
    );
  }
});

Deno.test("formats are also recognised by content: gzip magic, NDJSON under .json, JSON under any name", () => {
  const events = EVENTS.slice(0, 2);
  const expected = textRowsOf([tempFile(toCsv(events), ".csv")]).map((row) => row.id);
  for (
    const path of [
      tempFile(gzip(toCsv(events)), ".csv"), // gzipped, but not named so
      tempFile(gzip(toNdjson(events)), ".ndjson"),
      tempFile(toNdjson(events), ".json"), // NDJSON that calls itself JSON
      tempFile(toJsonArray(events), ".txt"),
      tempFile(toNdjson(events), ".log"),
      tempFile(toCsv(events), ".export"),
    ]
  ) {
    assert.deepEqual(textRowsOf([path]).map((row) => row.id), expected, path);
  }
});

Deno.test("with several inputs every rejected row names its own file and line", () => {
  const first = tempFile(
    csv("timestamp,type,id", "2024-03-04T09:00:00Z,deploy,d1", "2024-03-04T10:00:00Z,launch,d2"),
    ".csv",
  );
  const second = tempFile(
    '{"timestamp":"2024-03-04T11:00:00Z","type":"deploy","id":"d3"}\n{"type":"deploy"}\n',
    ".ndjson",
  );
  const third = tempFile(
    '[\n  {"timestamp": "2024-03-04T12:00:00", "type": "deploy"}\n]\n',
    ".json",
  );
  const summary = summaryOf([first, second, third]);
  assert.deepEqual(
    summary.events.rejected.map((row) => [row.file, row.line, row.reason.split(":")[0]]),
    [
      [first, 3, "type"],
      [second, 2, "timestamp"],
      [third, 2, "timestamp"],
    ],
  );
});
