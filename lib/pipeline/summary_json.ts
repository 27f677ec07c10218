/**
 * The JSON summary written in pieces: exactly the bytes of `JSON.stringify(summary, null, 2)` and
 * a newline, without ever holding them in one string. The half a million incidents of 5 million
 * events make a 280-million-character string, and V8 builds no string over about 537 million: a
 * few million events more, and the summary could not be printed at all.
 *
 * The incidents and the rejected rows are written a slice at a time, and with the analysis at
 * hand their text is written by polars (escaped as JSON by polars' own encoder, which escapes
 * exactly what `JSON.stringify` escapes), so half a million incidents never become JavaScript
 * objects, and millions of rejected rows are not written one object at a time.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Analysis } from "./analysis.ts";
import type { Summary } from "./summary.ts";
import { incidentFacts, isoInstantExpr } from "./incident_records.ts";
import { textPerValue, withExplanations } from "../metrics/story_text.ts";

/** Where the JSON goes: each call gets the next bytes. */
export type ByteSink = (bytes: Uint8Array) => void;

/** How {@link writeSummaryJson} writes the incidents. */
export interface SummaryJsonOptions {
  /**
   * The analysis the summary is of: its incidents are then written straight from its frames, and
   * `summary.incidents` is never read (nor built).
   */
  analysis?: Analysis;
  /** Incidents (and four times as many rejected rows) per slice; default 25,000. */
  sliceSize?: number;
  /** The bytes each write gets, about (a longer text is written on its own); default 4 MiB. */
  pieceBytes?: number;
}

const DEFAULT_SLICE_SIZE = 25_000;
// The output is written in pieces of about this many bytes.
const PIECE_BYTES = 1 << 22;

/**
 * Writes `summary` as `JSON.stringify(summary, null, 2)` followed by a newline, in pieces.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "./analysis.ts";
 * import { summarize } from "./summary.ts";
 * import { writeSummaryJson } from "./summary_json.ts";
 *
 * const analysis = analyze({ kind: "synthetic", seed: 7, days: 14 });
 * const summary = summarize(analysis);
 * const pieces: Uint8Array[] = [];
 * await writeSummaryJson(summary, (bytes) => pieces.push(bytes), { analysis, sliceSize: 3 });
 * const text = pieces.map((bytes) => new TextDecoder().decode(bytes)).join("");
 * assert.equal(text, JSON.stringify(summary, null, 2) + "\n");
 * ```
 */
export async function writeSummaryJson(
  summary: Summary,
  write: ByteSink,
  { analysis, sliceSize = DEFAULT_SLICE_SIZE, pieceBytes = PIECE_BYTES }: SummaryJsonOptions = {},
): Promise<void> {
  const out = new PieceWriter(write, pieceBytes);
  const entries = Object.keys(summary);
  let written = 0;
  out.text("{");
  for (const key of entries) {
    const prefix = `${written === 0 ? "" : ","}\n  ${JSON.stringify(key)}: `;
    if (key === "incidents" && analysis) {
      out.text(prefix);
      await writeIncidents(analysis, out, sliceSize);
      written++;
      continue;
    }
    if (key === "events" && analysis && rejectedRowsMatch(summary, analysis)) {
      out.text(prefix);
      await writeEvents(summary.events, { rejected: analysis.rejected, out, sliceSize });
      written++;
      continue;
    }
    const value = (summary as unknown as Record<string, unknown>)[key];
    if (!isWritten(value)) continue;
    out.text(prefix);
    writeValue(value, 1, out);
    written++;
  }
  out.text(written === 0 ? "}\n" : "\n}\n");
  out.flush();
}

/** Whether JSON.stringify writes an object's property with this value (it leaves these out). */
function isWritten(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

/** Whether a value is written by JSON.stringify as one piece here, without looking inside. */
function isLeaf(value: unknown): boolean {
  return typeof value !== "object" || value === null ||
    typeof (value as { toJSON?: unknown }).toJSON === "function" ||
    value instanceof Number || value instanceof String || value instanceof Boolean;
}

/** A container with no container inside, written by JSON.stringify at once. */
function isFlat(value: object): boolean {
  for (const item of Object.values(value)) if (!isLeaf(item)) return false;
  return true;
}

/**
 * `JSON.stringify(value, null, 2)` as it reads nested `depth` levels deep, written in pieces:
 * arrays and objects with containers inside are gone through item by item, so that a long
 * list (millions of rejected rows) never becomes one string.
 */
function writeValue(value: unknown, depth: number, out: PieceWriter): void {
  if (isLeaf(value) || isFlat(value as object)) {
    const text = JSON.stringify(value, null, 2) ?? "null";
    out.text(text.replaceAll("\n", "\n" + "  ".repeat(depth)));
    return;
  }
  const inner = "\n" + "  ".repeat(depth + 1);
  let written = 0;
  if (Array.isArray(value)) {
    out.text("[");
    for (const item of value) {
      out.text(`${written++ === 0 ? "" : ","}${inner}`);
      if (isWritten(item)) writeValue(item, depth + 1, out);
      else out.text("null");
    }
    out.text(`\n${"  ".repeat(depth)}]`);
    return;
  }
  out.text("{");
  for (const [key, item] of Object.entries(value as object)) {
    if (!isWritten(item)) continue;
    out.text(`${written++ === 0 ? "" : ","}${inner}${JSON.stringify(key)}: `);
    writeValue(item, depth + 1, out);
  }
  out.text(written === 0 ? "}" : `\n${"  ".repeat(depth)}}`);
}

/**
 * Encodes texts as UTF-8 into a buffer, and writes the buffer when the next text might not fit:
 * no text is joined to another first.
 */
class PieceWriter {
  #encoder = new TextEncoder();
  // Made when a text needs it: a buffer is handed to the sink whole, so each flush needs a new one.
  #buffer: Uint8Array | null = null;
  #used = 0;

  constructor(private readonly write: ByteSink, private readonly pieceBytes: number) {}

  text(text: string): void {
    // A UTF-16 unit takes at most 3 bytes of UTF-8 (a pair of them, 4).
    if (this.#used + text.length * 3 > this.pieceBytes) {
      this.flush();
      if (text.length * 3 > this.pieceBytes) {
        this.write(this.#encoder.encode(text));
        return;
      }
    }
    this.#buffer ??= new Uint8Array(this.pieceBytes);
    this.#used += this.#encoder.encodeInto(text, this.#buffer.subarray(this.#used)).written;
  }

  /** Bytes already encoded, written as they are after what came before. */
  bytes(bytes: Uint8Array): void {
    this.flush();
    this.write(bytes);
  }

  flush(): void {
    if (this.#used === 0 || this.#buffer === null) return;
    // The sink may keep the bytes it was given: the next text gets a new buffer.
    this.write(this.#buffer.subarray(0, this.#used));
    this.#buffer = null;
    this.#used = 0;
  }
}

// What JSON.stringify escapes in a string (lone surrogates aside, which polars cannot hold).
const NEEDS_ESCAPE = String.raw`["\\\x00-\x1f]`;

/** Whether any value of a string column has a character JSON escapes. */
function needsEscaping(frame: pl.DataFrame, column: string): boolean {
  return Boolean(
    frame.select(pl.col(column).str.contains(NEEDS_ESCAPE).any().alias("any")).row(0)[0],
  );
}

/** A string column as the inside of a JSON string: escaped, without the quotes. */
function jsonInner(column: string): pl.Expr {
  const values = pl.col(column);
  // {"s":"…"} → …: polars' encoder escapes as JSON.stringify does (tests compare the two).
  return pl.when(values.isNull()).then(pl.lit(null).cast(pl.Utf8)).otherwise(
    pl.struct([values.alias("s")]).struct.jsonEncode().str.slice(6, 2 ** 31)
      .str.replace('"}$', ""),
  ).alias(column);
}

/** The user's strings of the incident facts, escaped for JSON. */
const USER_STRINGS = ["id", "service", "deploy_id", "caused_by", "named_service", "latest_id"];

/** `"…"` of a string column that has no nulls. */
function quoted(column: string): pl.Expr {
  return pl.concatString([pl.lit('"'), pl.col(column), pl.lit('"')], "", false);
}

/** `"…"`, or null for null. */
function quotedOrNull(column: string): pl.Expr {
  return pl.when(pl.col(column).isNull()).then(pl.lit("null")).otherwise(quoted(column));
}

/** A record's field: its key and the expression of its JSON value. */
type RecordField = [key: string, value: pl.Expr];

/**
 * Writes the records of `frame`, `[` to `]`, as they read `depth` levels deep in the summary, a
 * slice of `sliceSize` at a time: `fieldsOf` gives each slice's fields in order, their values as
 * JSON text.
 */
async function writeRecords(
  frame: pl.DataFrame,
  { out, depth, sliceSize, fieldsOf }: {
    out: PieceWriter;
    depth: number;
    sliceSize: number;
    fieldsOf: (slice: pl.DataFrame) => { records: pl.DataFrame; fields: RecordField[] };
  },
): Promise<void> {
  if (frame.height === 0) {
    out.text("[]");
    return;
  }
  const [recordIndent, fieldIndent] = ["  ".repeat(depth + 1), "  ".repeat(depth + 2)];
  out.text("[\n");
  for (let offset = 0; offset < frame.height; offset += sliceSize) {
    const { records, fields } = fieldsOf(frame.slice(offset, sliceSize));
    const lines = records.select(
      pl.lit(`${recordIndent}{`).alias("open"),
      ...fields.map(([key, value], index) =>
        pl.concatString(
          [
            pl.lit(`${fieldIndent}"${key}": `),
            value,
            pl.lit(index === fields.length - 1 ? "" : ","),
          ],
          "",
          false,
        ).alias(key)
      ),
      pl.lit(`${recordIndent}}`).alias("close"),
    );
    // polars' CSV writer puts the lines of a record one after another, and a comma and a newline
    // after each record: no field has a newline or a control character (JSON escapes them), so
    // with the newline as the separator and a control character as the quote, none is quoted.
    const text = lines.writeCSV({
      includeHeader: false,
      separator: "\n",
      quoteChar: "\u0001",
      lineTerminator: ",\n",
    });
    const last = offset + sliceSize >= frame.height;
    // The last record ends the list instead.
    out.bytes(last ? text.subarray(0, text.length - 2) : text);
    await nextTurn();
  }
  out.text(`\n${"  ".repeat(depth)}]`);
}

/**
 * Waits for the event loop's next turn. The native memory of a polars frame is freed by a
 * finalizer that runs only then: without a turn between slices, every slice's frames stay until
 * the end (about 400 MB more at 5 million events).
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The incidents' array, `[` to `]`, as it reads one level deep in the summary: each record with
 * the keys and order of `IncidentSummary`, in slices of `sliceSize` incidents.
 */
async function writeIncidents(
  analysis: Analysis,
  out: PieceWriter,
  sliceSize: number,
): Promise<void> {
  const facts = incidentFacts(analysis);
  // Decided once for all the incidents: the columns to escape, and how instants and numbers read.
  const escaped = USER_STRINGS.filter((column) => needsEscaping(facts, column)).map(jsonInner);
  const texts = [
    isoInstantExpr(facts, "start_us").alias("start"),
    isoInstantExpr(facts, "resolved_us").alias("resolved"),
    textPerValue(facts, "recovery_minutes", (minutes) => {
      // What JSON.stringify writes of the record's finite-or-null number.
      return Number.isFinite(minutes) ? String(minutes) : "null";
    }).fillNull("null").alias("recovery_json"),
  ];
  await writeRecords(facts, {
    out,
    depth: 1,
    sliceSize,
    fieldsOf: (slice) => ({
      records: withExplanations(escaped.length ? slice.withColumns(...escaped) : slice, analysis)
        .withColumns(...texts),
      fields: [
        ["id", quoted("id")],
        ["service", quoted("service")],
        ["start", quoted("start")],
        ["resolved", quotedOrNull("resolved")],
        ["recovery_minutes", pl.col("recovery_json")],
        ["caused_by", quotedOrNull("caused_by")],
        ["explanation", quoted("explanation")],
      ],
    }),
  });
}

/**
 * Whether the summary's rejected rows are the analysis's, one for one: then they are written from
 * its frame. (A summary changed since it was made is written from what it holds.)
 */
function rejectedRowsMatch(summary: Summary, analysis: Analysis): boolean {
  const { rejected } = summary.events;
  const frame = analysis.rejected;
  if (!Array.isArray(rejected) || rejected.length !== frame.height) return false;
  if (rejected.length === 0) return true;
  const [first, last] = [frame.row(0), frame.row(frame.height - 1)];
  const same = (record: unknown, row: unknown[]) =>
    JSON.stringify(record) ===
      JSON.stringify({ file: String(row[0]), line: Number(row[1]), reason: String(row[2]) });
  return same(rejected[0], first) && same(rejected[rejected.length - 1], last);
}

/** The events object, one level deep in the summary, its rejected rows written from `rejected`. */
async function writeEvents(
  events: Summary["events"],
  { rejected, out, sliceSize }: { rejected: pl.DataFrame; out: PieceWriter; sliceSize: number },
): Promise<void> {
  let written = 0;
  out.text("{");
  for (const [key, value] of Object.entries(events)) {
    if (!isWritten(value)) continue;
    out.text(`${written++ === 0 ? "" : ","}\n    ${JSON.stringify(key)}: `);
    if (key === "rejected") await writeRejected(rejected, out, sliceSize * 4);
    else writeValue(value, 2, out);
  }
  out.text(written === 0 ? "}" : "\n  }");
}

/** The rejected rows' array, `[` to `]`, as it reads two levels deep: `file`, `line`, `reason`. */
async function writeRejected(
  rejected: pl.DataFrame,
  out: PieceWriter,
  sliceSize: number,
): Promise<void> {
  const escaped = ["file", "reason"].filter((column) => needsEscaping(rejected, column))
    .map(jsonInner);
  await writeRecords(rejected, {
    out,
    depth: 2,
    sliceSize,
    fieldsOf: (slice) => ({
      records: escaped.length ? slice.withColumns(...escaped) : slice,
      fields: [
        ["file", quoted("file")],
        ["line", pl.col("line").cast(pl.Utf8)],
        ["reason", quoted("reason")],
      ],
    }),
  });
}
