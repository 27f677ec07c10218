/**
 * The error for a whole input file that cannot be read: missing, empty, not the format it claims,
 * or without a required column. The CLI prints its one-line message and exits with status 2.
 *
 * @example
 * ```ts
 * import { InputFileError } from "./input_file_error.ts";
 * const error = new InputFileError("events.json", "not valid JSON");
 * console.assert(error.message === "events.json: not valid JSON");
 * ```
 * @module
 */

/** A whole input file that cannot be read. The message names the file. */
export class InputFileError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "InputFileError";
  }
}
