/**
 * DataFrames that read well inline: the notebook shows every step of a derivation as a table
 * built here instead of polars' own HTML, which prints datetimes as
 * `Mon Jan 01 2024 14:08:45 GMT+0000 (Coordinated Universal Time)`, shows bookkeeping columns and
 * escapes nothing.
 *
 * - **Columns.** Bookkeeping columns are left out: `id_given`, `type_rank` and `day` always,
 *   `file` and `line` unless the frame says why a row was rejected (`reason`). So are columns that
 *   are null in every row (a deploy has no `deploy_id`). The note under the table names what was
 *   left out, so nothing disappears silently. `columns` picks the columns explicitly instead.
 * - **Values.** Datetimes as `2024-01-01 14:08` on the clock of the report zone, dates as
 *   `2024-01-01`, columns whose name ends in `minutes` to one decimal, other floats to at most
 *   three, and `null` as `null`, because a null means something (an incident still open). A
 *   rounded number keeps its exact value in a `data-value` attribute of its cell.
 * - **Size.** The first `rows` rows (10 by default) and the row count; the note names the zone
 *   when the table shows times.
 * - **Safety.** Every string (column names, values, the caption) is escaped in HTML, and made
 *   printable in the plain-text fallback.
 *
 * {@link frameView} returns a {@link Displayable}: an object whose `Symbol.for("Jupyter.display")`
 * method the Deno kernel calls when it is a cell's last expression. So a cell shows its table
 * without `await` and without a timer (an interrupted wait hangs the Deno kernel).
 *
 * @module
 */
import pl from "nodejs-polars";
import { localDateTimeOf, utcDateOf } from "../core/calendar.ts";
import { roundHalfUp } from "../core/duration.ts";
import { epochMillis } from "../core/instants.ts";
import { escapeHtml } from "../report/escape_html.ts";
import { printable } from "../report/text_summary.ts";

/** The symbol the Deno kernel looks for on a cell's last expression. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** A notebook output: MIME type → content. */
export interface Bundle {
  /** What a terminal or a plain frontend shows. */
  "text/plain": string;
  /** What a notebook shows. */
  "text/html": string;
}

/** A bundle that shows itself when it is a cell's last expression. */
export interface Displayable extends Bundle {
  /** Called by the Deno kernel: the bundle to show. */
  [JUPYTER_DISPLAY](): Bundle;
}

/** Makes a bundle display itself as a cell's last expression (and print as its text elsewhere). */
export function displayable(bundle: Bundle): Displayable {
  const shown: Bundle = { "text/plain": bundle["text/plain"], "text/html": bundle["text/html"] };
  return Object.defineProperties({ ...shown }, {
    [JUPYTER_DISPLAY]: { value: () => shown, enumerable: false },
    toString: { value: () => shown["text/plain"], enumerable: false },
  }) as Displayable;
}

/** Bookkeeping columns of event frames: never meaningful to a reader. */
export const BOOKKEEPING_COLUMNS: readonly string[] = ["id_given", "type_rank", "day"];
/** Where an event came from: shown only next to a `reason`. */
export const SOURCE_COLUMNS: readonly string[] = ["file", "line"];
/** Rows shown when not told otherwise. */
export const DEFAULT_ROWS = 10;

/** What {@link frameView} shows besides the frame. */
export interface FrameViewOptions {
  /** What the table is; shown above it. */
  caption: string;
  /** Which data this is (`seed 42, mixed team, 14 days`); shown after the caption. */
  universe?: string;
  /** Zone whose clock datetimes are shown on. Default UTC. */
  timeZone?: string;
  /** Rows shown. Default {@link DEFAULT_ROWS}. */
  rows?: number;
  /** The columns to show, in order, instead of the meaningful ones. */
  columns?: readonly string[];
  /** The `data-view` name of the output (the handout checks its outputs by these names). */
  view?: string;
}

type Kind = "datetime" | "date" | "minutes" | "float" | "integer" | "boolean" | "other";

const INTEGER_TYPES = new Set([
  "Int8",
  "Int16",
  "Int32",
  "Int64",
  "UInt8",
  "UInt16",
  "UInt32",
  "UInt64",
]);

function kindOf(name: string, dtype: pl.DataType): Kind {
  const variant = (dtype as unknown as { variant: string }).variant;
  if (variant === "Datetime") return "datetime";
  if (variant === "Date") return "date";
  if (variant === "Float32" || variant === "Float64") {
    return /minutes$/.test(name) ? "minutes" : "float";
  }
  if (INTEGER_TYPES.has(variant)) return "integer";
  if (variant === "Bool") return "boolean";
  return "other";
}

/** Numbers as a person writes them: `3.071`, `0.14`, `5.5`, `12`. */
function shortNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = roundHalfUp(value, digits).toFixed(digits);
  return digits === 1 ? fixed : fixed.replace(/\.?0+$/, "");
}

function formatter(kind: Kind, timeZone: string): (value: unknown) => string {
  switch (kind) {
    case "datetime":
      return (value) => localDateTimeOf(Number(value), timeZone);
    case "date":
      return (value) => utcDateOf(Number(value) * 86_400_000);
    case "minutes":
      return (value) => shortNumber(Number(value), 1);
    case "float":
      return (value) => shortNumber(Number(value), 3);
    case "integer":
      return (value) => String(value);
    default:
      return (value) => typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  }
}

/** The columns worth showing, and the ones left out with why. */
export function meaningfulColumns(
  frame: pl.DataFrame,
): { shown: string[]; bookkeeping: string[]; allNull: string[] } {
  const hidden = new Set<string>(BOOKKEEPING_COLUMNS);
  if (!frame.columns.includes("reason")) SOURCE_COLUMNS.forEach((name) => hidden.add(name));
  const bookkeeping = frame.columns.filter((name) => hidden.has(name));
  const candidates = frame.columns.filter((name) => !hidden.has(name));
  let allNull: string[] = [];
  if (frame.height > 0 && candidates.length > 0) {
    const [nulls] = frame.select(...candidates.map((name) => pl.col(name).isNull().all()))
      .toRecords();
    allNull = candidates.filter((name) => nulls[name] === true);
  }
  // A frame of nothing but nulls still shows its columns: hiding all of them would show nothing.
  if (allNull.length === candidates.length) allNull = [];
  return { shown: candidates.filter((name) => !allNull.includes(name)), bookkeeping, allNull };
}

/** The cells of the first `rows` rows, as text, with the row count. */
function tableCells(
  frame: pl.DataFrame,
  columns: readonly string[],
  { timeZone, rows }: { timeZone: string; rows: number },
): { header: string[]; body: string[][]; exact: (string | null)[][]; classes: (string | null)[] } {
  const schema = frame.schema as Record<string, pl.DataType>;
  const kinds = columns.map((name) => kindOf(name, schema[name]));
  // Instants and dates leave polars as numbers: JS Dates would print in the machine's zone.
  const head = frame.head(rows).select(
    ...columns.map((name, index) =>
      kinds[index] === "datetime"
        ? epochMillis(pl.col(name))
        : kinds[index] === "date"
        ? pl.col(name).cast(pl.Int32)
        : pl.col(name)
    ),
  );
  const formats = kinds.map((kind) => formatter(kind, timeZone));
  const values = columns.map((name) => head.getColumn(name).toArray() as unknown[]);
  const body = Array.from(
    { length: head.height },
    (_, row) =>
      columns.map((_, column) => {
        const value = values[column][row];
        return value === null || value === undefined ? "null" : formats[column](value);
      }),
  );
  // A rounded number keeps its full value in the markup, for whoever checks the numbers.
  const exact = Array.from(
    { length: head.height },
    (_, row) =>
      columns.map((_, column) => {
        const value = values[column][row];
        const rounded = kinds[column] === "minutes" || kinds[column] === "float";
        return rounded && typeof value === "number" && String(value) !== body[row][column]
          ? String(value)
          : null;
      }),
  );
  // `num` cells are right-aligned and never wrap; `flag` (true/false) cells never wrap either.
  const classes = kinds.map((kind) =>
    kind === "minutes" || kind === "float" || kind === "integer"
      ? "num"
      : kind === "boolean"
      ? "flag"
      : null
  );
  return { header: [...columns], body, exact, classes };
}

function rowCount(count: number): string {
  return `${count} ${count === 1 ? "row" : "rows"}`;
}

/** The line under the table: how many rows, which are shown, and which columns were left out. */
function noteOf(
  { height, shownRows, bookkeeping, allNull }: {
    height: number;
    shownRows: number;
    bookkeeping: readonly string[];
    allNull: readonly string[];
  },
): string {
  const parts = [
    shownRows < height ? `the first ${shownRows} of ${rowCount(height)}` : rowCount(height),
  ];
  if (allNull.length) parts.push(`not shown: ${allNull.join(", ")} (null in every row)`);
  if (bookkeeping.length) parts.push(`bookkeeping not shown: ${bookkeeping.join(", ")}`);
  return parts.join("; ");
}

/**
 * A DataFrame (or Series) as a readable table: see the module documentation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { frameView } from "./frame_view.ts";
 * const frame = pl.DataFrame({ id: ["<b>i1</b>"], recovery_minutes: [25.3166] }).withColumns(
 *   pl.lit(Date.UTC(2024, 6, 1, 12, 8)).cast(pl.Int64).cast(pl.Datetime("ms", "UTC")).alias("start"),
 * );
 * const view = frameView(frame, { caption: "Incidents", timeZone: "Europe/Berlin" });
 * assert.match(view["text/plain"], /<b>i1<\/b> +25\.3 +2024-07-01 14:08/);
 * assert.ok(view["text/html"].includes("<td>&lt;b&gt;i1&lt;/b&gt;</td>"));
 * ```
 */
export function frameView(
  data: pl.DataFrame | pl.Series,
  options: FrameViewOptions,
): Displayable {
  // nodejs-polars builds frames and series with factory functions, so `instanceof` cannot tell.
  const frame: pl.DataFrame = typeof (data as pl.Series).toFrame === "function"
    ? (data as pl.Series).toFrame()
    : data as pl.DataFrame;
  const timeZone = options.timeZone ?? "UTC";
  const rows = Math.max(0, Math.floor(options.rows ?? DEFAULT_ROWS));
  let shown: string[];
  let bookkeeping: string[] = [];
  let allNull: string[] = [];
  if (options.columns) {
    const missing = options.columns.filter((name) => !frame.columns.includes(name));
    if (missing.length) {
      throw new RangeError(
        `no column ${missing.map((name) => JSON.stringify(name)).join(", ")}; the frame has ${
          frame.columns.join(", ")
        }`,
      );
    }
    shown = [...options.columns];
  } else {
    ({ shown, bookkeeping, allNull } = meaningfulColumns(frame));
  }
  const { header, body, exact, classes } = tableCells(frame, shown, { timeZone, rows });
  const numeric = classes.map((name) => name === "num");
  const caption = options.universe ? `${options.caption} (${options.universe})` : options.caption;
  const shownKinds = shown.map((name) => kindOf(name, frame.schema[name]));
  const note = noteOf({ height: frame.height, shownRows: body.length, bookkeeping, allNull }) +
    (shownKinds.includes("datetime") ? `; times in ${timeZone}` : "");

  // A long column name may wrap after an underscore (`median_<wbr>deploy_<wbr>days`), not inside a word.
  const cell = (text: string, index: number, tag: "td" | "th", value: string | null = null) =>
    `<${tag}${classes[index] ? ` class="${classes[index]}"` : ""}${
      tag === "th" ? ' scope="col"' : ""
    }${value === null ? "" : ` data-value="${escapeHtml(value)}"`}>${
      tag === "th" ? escapeHtml(text).replaceAll("_", "_<wbr>") : escapeHtml(text)
    }</${tag}>`;
  const html = `<div class="dora-view" data-view="${escapeHtml(options.view ?? "frame")}">` +
    `<table class="frame"><caption>${escapeHtml(caption)}</caption>` +
    `<thead><tr>${header.map((name, index) => cell(name, index, "th")).join("")}</tr></thead>` +
    `<tbody>${
      body.map((row, rowIndex) =>
        `<tr>${
          row.map((text, index) => cell(text, index, "td", exact[rowIndex][index])).join("")
        }</tr>`
      ).join("")
    }</tbody></table><p class="frame-note">${escapeHtml(note)}</p></div>`;

  const plainCells = [header, ...body].map((row) => row.map((text) => printable(text)));
  const widths = header.map((_, index) => Math.max(...plainCells.map((row) => row[index].length)));
  const plainRows = plainCells.map((row) =>
    row.map((text, index) =>
      numeric[index] ? text.padStart(widths[index]) : text.padEnd(widths[index])
    ).join("  ").trimEnd()
  );
  const plain = [printable(caption), ...plainRows, printable(note)].join("\n");
  return displayable({ "text/plain": plain, "text/html": html });
}
