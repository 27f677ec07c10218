/**
 * The error for a whole input file that cannot be read: missing, empty, not the format it claims,
 * or without a required column. The CLI prints its one-line message and exits with status 2.
 *
 * @module
 */

/**
 * The first line of an error's message, cut to `limit` characters: messages stay one line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { oneLine } from "./input_file_error.ts";
 *
 * assert.equal(oneLine(new Error("bad header\n    at parse (csv.rs:12)")), "bad header");
 * assert.equal(oneLine("x".repeat(300)).length, 200);
 * assert.equal(oneLine(new Error("abcdef"), 3), "abc");
 * ```
 */
export function oneLine(error: unknown, limit = 200): string {
  return String((error as Error)?.message ?? error).split("\n")[0].slice(0, limit);
}

/**
 * A whole input file that cannot be read. The message names the file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InputFileError } from "./input_file_error.ts";
 *
 * const error = new InputFileError("events.json", "not valid JSON");
 * assert.equal(error.message, "events.json: not valid JSON");
 * assert.equal(error.file, "events.json");
 * assert.equal(error.name, "InputFileError");
 * ```
 */
export class InputFileError extends Error {
  /** `file` as the user named it, and its `problem` in one line. */
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "InputFileError";
  }
}
