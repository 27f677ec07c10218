import assert from "node:assert/strict";
import { InputFileError, recordStartLines, scanCsvRows } from "../../lib/ingest/read_csv.ts";
import { parseRows } from "../../lib/ingest/parse_rows.ts";
import { scanSources } from "../../lib/ingest/read_events.ts";
import { csv, tempFile } from "../helpers.ts";

/** The lines of the events and of the rejected rows, as the pipeline reads `path`. */
function parsedLines(path: string): { events: number[]; rejected: [number, string][] } {
  const { events, rejected } = parseRows(scanSources([path]), 1);
  return {
    events: events.getColumn("line").toArray().map(Number),
    rejected: rejected.toRecords().map((row) => [Number(row.line), String(row.reason)]),
  };
}

Deno.test("rows are numbered by their line in the file, blank lines included", () => {
  const path = tempFile(
    "timestamp,type\n2024-01-01T10:00:00Z,deploy\n\n2024-01-01T11:00:00Z,deploy\n",
  );
  assert.deepEqual(parsedLines(path), { events: [2, 4], rejected: [[3, "empty line"]] });
});

Deno.test("quoted fields that span lines keep the line numbers true", () => {
  const path = tempFile(
    'timestamp,type,id\n2024-01-01T10:00:00Z,deploy,"a\nb"\n2024-01-01T11:00:00Z,deploy,c\n' +
      "2024-01-01T12:00:00,deploy,d\n",
  );
  assert.deepEqual(parsedLines(path), {
    events: [2, 4],
    rejected: [[
      5,
      'timestamp: no UTC offset, so the instant is ambiguous: "2024-01-01T12:00:00" (add Z or ±hh:mm)',
    ]],
  });
  assert.deepEqual([...recordStartLines(new TextEncoder().encode('h\n"x\ny"\nz\n'))], [1, 2, 4]);
});

Deno.test("a byte-order mark, CRLF endings, column order and unknown columns do not matter", () => {
  const path = tempFile("\ufeffnote,type,timestamp\r\nhello,deploy,2024-01-01T10:00:00Z\r\n");
  const rows = scanCsvRows(path, 3).collectSync();
  assert.deepEqual(rows.columns.sort(), ["file", "line", "multiline", "timestamp", "type"]);
  assert.deepEqual(rows.toRecords(), [{
    type: "deploy",
    timestamp: "2024-01-01T10:00:00Z",
    file: 3,
    line: 2,
    multiline: false,
  }]);
});

Deno.test("whole-file problems name the file", () => {
  const missing = "/nonexistent/events.csv";
  assert.throws(
    () => scanCsvRows(missing, 0),
    (e: Error) => e instanceof InputFileError && /events\.csv: no such file/.test(e.message),
  );
  const empty = tempFile("");
  assert.throws(() => scanCsvRows(empty, 0), new RegExp(`${empty}: is empty`));
  const noType = tempFile(csv("timestamp,id", "2024-01-01T10:00:00Z,a"));
  assert.throws(
    () => scanCsvRows(noType, 0),
    new RegExp(`${noType}: missing required column "type"`),
  );
  const dir = Deno.makeTempDirSync();
  assert.throws(() => scanCsvRows(dir, 0), /is a directory/);
});

Deno.test("a header with no rows reads as zero rows", () => {
  const path = tempFile("timestamp,type\n");
  assert.equal(scanCsvRows(path, 0).collectSync().height, 0);
  assert.equal(parseRows(scanSources([path]), 1).read, 0);
});
