/**
 * The error for a whole input file that cannot be read: missing, empty, not the format it claims,
 * or without a required column. The CLI prints its one-line message and exits with status 2.
 *
 * @example
 * ```ts
 * import { InputFileError, oneLine } from "./input_file_error.ts";
 * const error = new InputFileError("events.json", "not valid JSON");
 * console.assert(error.message === "events.json: not valid JSON" && oneLine(new Error("a\nb")) === "a");
 * ```
 * @module
 */

/** The first line of an error's message, cut to `limit` characters: messages stay one line. */
export function oneLine(error: unknown, limit = 200): string {
  return String((error as Error)?.message ?? error).split("\n")[0].slice(0, limit);
}

/** A whole input file that cannot be read. The message names the file. */
export class InputFileError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "InputFileError";
  }
}
