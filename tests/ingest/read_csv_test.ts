import assert from "node:assert/strict";
import { InputFileError, readCsvRows, recordStartLines } from "../../lib/ingest/read_csv.ts";
import { csv, tempFile } from "../helpers.ts";

function lines(path: string): number[] {
  return readCsvRows(path, 0).getColumn("line").toArray().map(Number);
}

Deno.test("rows are numbered by their line in the file, blank lines included", () => {
  const path = tempFile(
    "timestamp,type\n2024-01-01T10:00:00Z,deploy\n\n2024-01-01T11:00:00Z,deploy\n",
  );
  assert.deepEqual(lines(path), [2, 3, 4]);
});

Deno.test("quoted fields that span lines keep the line numbers true", () => {
  const path = tempFile(
    'timestamp,type,id\n2024-01-01T10:00:00Z,deploy,"a\nb"\n2024-01-01T11:00:00Z,deploy,c\n',
  );
  assert.deepEqual(lines(path), [2, 4]);
  assert.deepEqual([...recordStartLines(new TextEncoder().encode('h\n"x\ny"\nz\n'))], [1, 2, 4]);
});

Deno.test("a byte-order mark, CRLF endings, column order and unknown columns do not matter", () => {
  const path = tempFile("\ufeffnote,type,timestamp\r\nhello,deploy,2024-01-01T10:00:00Z\r\n");
  const rows = readCsvRows(path, 3);
  assert.deepEqual(rows.columns.sort(), ["file", "line", "timestamp", "type"]);
  assert.deepEqual(rows.toRecords(), [{
    type: "deploy",
    timestamp: "2024-01-01T10:00:00Z",
    file: 3,
    line: 2,
  }]);
});

Deno.test("whole-file problems name the file", () => {
  const missing = "/nonexistent/events.csv";
  assert.throws(
    () => readCsvRows(missing, 0),
    (e: Error) => e instanceof InputFileError && /events\.csv: no such file/.test(e.message),
  );
  const empty = tempFile("");
  assert.throws(() => readCsvRows(empty, 0), new RegExp(`${empty}: is empty`));
  const noType = tempFile(csv("timestamp,id", "2024-01-01T10:00:00Z,a"));
  assert.throws(
    () => readCsvRows(noType, 0),
    new RegExp(`${noType}: missing required column "type"`),
  );
  const dir = Deno.makeTempDirSync();
  assert.throws(() => readCsvRows(dir, 0), /is a directory/);
});

Deno.test("a header with no rows reads as zero rows", () => {
  assert.equal(readCsvRows(tempFile("timestamp,type\n"), 0).height, 0);
});
