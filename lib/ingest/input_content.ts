/**
 * Decides an input file's format and loads what its reader needs.
 *
 * - The extension decides first: `.csv`, `.ndjson`/`.jsonl`, `.json`, each optionally `.gz`.
 * - Gzip is recognised by its magic bytes (`1f 8b`) too, whatever the name, and decompressed in
 *   memory (at most {@link MAX_DECOMPRESSED_BYTES}, so a small "zip bomb" cannot eat the machine).
 * - Any other name is sniffed: content starting with `[` is JSON; with `{`, JSON when the whole text
 *   parses, NDJSON otherwise; anything else is CSV.
 * - A `.json` file that is really NDJSON (it starts with `{`, fails to parse whole, but its first
 *   line is an object) is read as NDJSON, since many tools write NDJSON under that name.
 *
 * A plain `.csv` is not loaded here: polars streams it from disk.
 *
 * @module
 */
import { gunzipSync } from "node:zlib";
import { InputFileError, oneLine } from "./input_file_error.ts";
import { checkReadableFile } from "./read_csv.ts";

/** The formats an input can be read as. */
export type InputFormat = "csv" | "ndjson" | "json";

/** An input file, loaded as its reader needs it. */
export interface InputContent {
  /** The format the file is read as. */
  format: InputFormat;
  /** The content (decompressed); absent for a plain CSV read straight from disk. */
  bytes?: Uint8Array;
  /** `bytes` as UTF-8 text, byte-order mark removed; JSON formats only. */
  text?: string;
  /** JSON only: the parsed document, when it was parsed to decide the format. */
  document?: unknown;
}

/** The most a gzipped input may expand to: 1 GiB. */
export const MAX_DECOMPRESSED_BYTES = 1 << 30;
/** JSON is read as one JavaScript string, which V8 caps at about 512 Mi characters. */
export const MAX_JSON_BYTES = 500 * (1 << 20);

const GZIP_MAGIC = [0x1f, 0x8b];

function extensionFormat(path: string): InputFormat | null {
  const name = path.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return "ndjson";
  if (name.endsWith(".json")) return "json";
  return null;
}

function firstBytes(path: string, count: number): Uint8Array {
  using file = Deno.openSync(path);
  const buffer = new Uint8Array(count);
  const read = file.readSync(buffer) ?? 0;
  return buffer.subarray(0, read);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

function decompress(path: string, bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE") {
      throw new InputFileError(
        path,
        `decompresses to more than ${MAX_DECOMPRESSED_BYTES / (1 << 20)} MiB`,
      );
    }
    throw new InputFileError(
      path,
      `not a valid gzip file (${oneLine(error)})`,
    );
  }
}

function parseOrUndefined(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** The length of the UTF-8 byte-order mark that starts `bytes`: 3, or 0 without one. */
export function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

function firstNonWhitespace(bytes: Uint8Array): string {
  let index = bomLength(bytes);
  while (index < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[index])) index++;
  return String.fromCharCode(bytes[index] ?? 0);
}

function decodeJsonText(path: string, bytes: Uint8Array): string {
  if (bytes.length > MAX_JSON_BYTES) {
    throw new InputFileError(
      path,
      `too large to read as JSON (over ${
        MAX_JSON_BYTES / (1 << 20)
      } MiB); use CSV or split the file`,
    );
  }
  return new TextDecoder().decode(bytes);
}

/** JSON or NDJSON, judged from the text (see the module doc). */
function jsonFormatOf(
  text: string,
  declared: InputFormat | null,
): { format: InputFormat; document?: unknown } {
  const first = text.trimStart()[0];
  // An array is JSON whether or not it parses, and is left for its reader: an array of flat
  // records is read by polars, never parsed into millions of objects.
  if (first === "[") return { format: "json" };
  const whole = first === "{" ? parseOrUndefined(text) : undefined;
  if (whole) return { format: "json", document: whole.value };
  if (first === "{") {
    const firstLine = text.trimStart().split("\n", 1)[0];
    if (parseOrUndefined(firstLine)) return { format: "ndjson" };
  }
  return { format: declared ?? "json" };
}

/**
 * Loads `path` for its reader. Throws an InputFileError for a file that cannot be read at all.
 *
 * @example NDJSON under a `.jsonl` name; JSON under a name that says nothing
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadInput } from "./input_content.ts";
 *
 * const event = '{"timestamp":"2024-01-01T10:00:00Z","type":"deploy"}';
 * const lines = await Deno.makeTempFile({ suffix: ".jsonl" });
 * await Deno.writeTextFile(lines, `${event}\n${event}\n`);
 * assert.equal(loadInput(lines).format, "ndjson");
 * const array = await Deno.makeTempFile({ suffix: ".export" });
 * await Deno.writeTextFile(array, `[${event}]`);
 * const loaded = loadInput(array);
 * assert.equal(loaded.format, "json");
 * // An array is left for its reader; an object is parsed here, to tell JSON from NDJSON.
 * assert.equal(loaded.document, undefined);
 * const nested = await Deno.makeTempFile({ suffix: ".export" });
 * await Deno.writeTextFile(nested, `{"data": [${event}]}`);
 * assert.deepEqual(loadInput(nested).document, { data: [JSON.parse(event)] });
 * ```
 */
export function loadInput(path: string): InputContent {
  checkReadableFile(path);
  const declared = extensionFormat(path);
  let gzipped: boolean;
  try {
    gzipped = isGzip(firstBytes(path, 2));
  } catch (error) {
    throw new InputFileError(path, oneLine(error));
  }
  if (declared === "csv" && !gzipped) return { format: "csv" };
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (error) {
    throw new InputFileError(path, oneLine(error));
  }
  if (gzipped) bytes = decompress(path, bytes);
  if (bytes.length === 0) throw new InputFileError(path, "is empty");
  const sniffed = declared ?? (["[", "{"].includes(firstNonWhitespace(bytes)) ? "json" : "csv");
  if (sniffed === "csv") return { format: "csv", bytes };
  const text = decodeJsonText(path, bytes);
  if (sniffed === "ndjson") return { format: "ndjson", bytes, text };
  return { ...jsonFormatOf(text, declared), bytes, text };
}
