import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { recordStartLines } from "../../lib/ingest/csv_records.ts";
import { InputFileError, scanCsvRows } from "../../lib/ingest/read_csv.ts";
import { parseRows } from "../../lib/ingest/parse_rows.ts";
import { scanSources } from "../../lib/ingest/read_events.ts";
import { csv, fixture, tempFile } from "../helpers.ts";

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
  assert.deepEqual(rows.columns.sort(), [
    "file",
    "has_reason",
    "line",
    "multiline",
    "reason",
    "timestamp",
    "type",
  ]);
  assert.deepEqual(rows.toRecords(), [{
    type: "deploy",
    timestamp: "2024-01-01T10:00:00Z",
    file: 3,
    line: 2,
    reason: null,
    has_reason: false,
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

Deno.test("bare-CR line ends (Excel's CSV for the Mac) are lines, each row used or rejected", () => {
  const path = fixture("shapes/excel-mac.csv");
  const { events, rejected, read } = parseRows(scanSources([path]), 1);
  assert.equal(read, 5);
  assert.deepEqual(
    events.select("line", "id", "service").toRecords().map((row) => ({
      ...row,
      line: Number(row.line),
    })),
    [
      { line: 2, id: "d1", service: "shop" },
      { line: 3, id: "i1", service: "shop" },
      { line: 4, id: "i1", service: "shop" },
      { line: 5, id: "d2", service: "search, beta" },
    ],
  );
  assert.deepEqual(rejected.toRecords().map((row) => [Number(row.line), row.reason]), [
    [
      6,
      'timestamp: no UTC offset, so the instant is ambiguous: "2024-03-05T15:00:00" (add Z or ±hh:mm)',
    ],
  ]);
  // A quoted cell spanning bare-CR lines keeps the physical lines true.
  const multiline = tempFile(
    'timestamp,type,id\r2024-01-01T10:00:00Z,deploy,"a\rb"\r2024-01-01T11:00:00,deploy,c\r',
  );
  assert.deepEqual(parsedLines(multiline), {
    events: [2],
    rejected: [[
      4,
      'timestamp: no UTC offset, so the instant is ambiguous: "2024-01-01T11:00:00" (add Z or ±hh:mm)',
    ]],
  });
});

Deno.test("a row with more cells than the header is rejected; one with fewer has them empty", () => {
  const { events, rejected } = parseRows(scanSources([fixture("shapes/ragged.csv")]), 1);
  assert.deepEqual(
    events.select("id", "service").toRecords(),
    [
      { id: "d1", service: "shop" },
      { id: "d3", service: "default" },
      { id: "d4", service: "shop" }, // an empty cell after the last column adds nothing
    ],
  );
  assert.deepEqual(rejected.toRecords().map((row) => [Number(row.line), row.reason]), [
    [
      3,
      `row: more cells than the header's 4 columns (the first extra cell: "rolled back by hand")`,
    ],
    [6, `row: more cells than the header's 4 columns (the first extra cell: "a note")`],
  ]);
});

Deno.test("a cell behind a long run of empty extra cells is still found, in memory and on disk", () => {
  const empties = (count: number) => ",".repeat(count);
  const text = "timestamp,type,id\n" +
    "2024-03-04T09:00:00Z,deploy,d1" + empties(12) + "\n" + // trailing commas only: harmless
    "2024-03-04T10:00:00Z,deploy,d2" + empties(12) + "late note\n" +
    '2024-03-04T11:00:00Z,deploy,"d3,,,,,,,,,,,,"' + empties(3) + "\n" + // the run is quoted
    "2024-03-04T12:00:00Z,deploy,d4" + empties(30) + '""\n';
  const expected = {
    events: [2, 4],
    rejected: [
      [3, `row: more cells than the header's 3 columns (the first extra cell: "late note")`],
      [5, `row: more cells than the header's 3 columns (the first extra cell: "")`],
    ],
  };
  assert.deepEqual(parsedLines(tempFile(text)), expected);
  // Bare CR line ends are read from memory; a run across the 8 MiB chunk seam is found too.
  assert.deepEqual(parsedLines(tempFile(text.replaceAll("\n", "\r"))), expected);
  const filler = "2024-03-04T08:00:00Z,deploy,f\n";
  const seamAt = 8 * (1 << 20) - 12; // the run of commas starts 5 bytes before the seam
  const header = "timestamp,type,id\n";
  const fillerRows = Math.floor((seamAt - header.length) / filler.length);
  const pad = seamAt - header.length - fillerRows * filler.length;
  const straddling = header + filler.repeat(fillerRows) + "x".repeat(pad) +
    ",deploy" + empties(10) + "x\n"; // the timestamp cell holds the pad
  const { rejected } = parsedLines(tempFile(straddling));
  assert.deepEqual(rejected.map(([, reason]) => reason), [
    `row: more cells than the header's 3 columns (the first extra cell: "x")`,
  ]);
});

Deno.test("a row with over a thousand cells past the header's is one error naming its line", () => {
  const text = "timestamp,type\n2024-03-04T09:00:00Z,deploy\n2024-03-04T10:00:00Z,deploy" +
    ",".repeat(1500) + "x\n";
  // Streamed from disk, and read from memory (bare CR line ends).
  for (const path of [tempFile(text), tempFile(text.replaceAll("\n", "\r"))]) {
    assert.throws(
      () => parseRows(scanSources([path]), 1),
      (error: Error) =>
        error instanceof InputFileError &&
        error.message ===
          `${path}: line 3 has 1502 cells, 1500 more than the header's 2 columns; ` +
            "a row may have at most 1000 more",
    );
  }
});

Deno.test("a quoted cell followed by other text is one error naming the file and the line", () => {
  const path = fixture("shapes/stray-quote.csv");
  assert.throws(
    () => parseRows(scanSources([path]), 1),
    (error: Error) =>
      error instanceof InputFileError &&
      error.message ===
        `${path}: not a readable CSV: line 3: the quoted cell "shop" is followed by other text: ` +
          `"shop"-eu (quote the whole cell, and double every quote inside it)`,
  );
  // The same from memory (a .csv.gz is parsed eagerly) and inside a bigger file.
  const bytes = Deno.readFileSync(path);
  assert.throws(
    () => scanCsvRows("stray.csv.gz", 0, { bytes }),
    /^InputFileError: stray\.csv\.gz: not a readable CSV: line 3: the quoted cell "shop"/,
  );
});

Deno.test("a line longer than 16 MiB is refused with its number, before polars reads it", () => {
  const path = tempFile(
    `timestamp,type,id\n2024-01-01T10:00:00Z,deploy,a\n2024-01-01T11:00:00Z,deploy,${
      "x".repeat(17 << 20)
    }\n`,
  );
  assert.throws(
    () => scanCsvRows(path, 0),
    new RegExp(`^InputFileError: ${path}: line 3 is longer than 16\\.0 MiB`),
  );
});

Deno.test("a long line after many chunks of short ones is named by its own number", () => {
  // 120,000 short rows (over one 8 MiB read chunk), then a line that spans the next chunks.
  const row = "2024-01-01T10:00:00Z,deploy," + "s".repeat(70) + "\n";
  const shortRows = row.repeat(120_000);
  const path = tempFile(
    `timestamp,type,id\n${shortRows}2024-01-01T11:00:00Z,deploy,${"x".repeat(17 << 20)}\n`,
  );
  assert.throws(
    () => scanCsvRows(path, 0),
    new RegExp(`^InputFileError: ${path}: line 120002 is longer than 16\\.0 MiB`),
  );
  const fine = tempFile(
    `timestamp,type,id\n${shortRows}2024-01-01T11:00:00Z,deploy,${"x".repeat(15 << 20)}\n`,
  );
  assert.equal(scanCsvRows(fine, 0).select(pl.len()).collectSync().row(0)[0], 120_001);
});

Deno.test("a quote that never closes is one line naming the file, with the line ends escaped", () => {
  const path = tempFile(
    'timestamp,type,service\n2024-01-01T10:00:00Z,deploy,"shop,\n2024-01-01T11:00:00Z,deploy,x\n',
  );
  assert.throws(
    () => parseRows(scanSources([path]), 1),
    (error: Error) =>
      error instanceof InputFileError && !error.message.includes("\n") &&
      error.message.startsWith(`${path}: not a readable CSV: line 2: `),
  );
});
