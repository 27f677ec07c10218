/**
 * The error for bad command-line flags or values. The CLI prints its one-line message with a hint
 * to see `--help`, and exits with status 2.
 *
 * @example
 * ```ts
 * import { UsageError } from "./usage_error.ts";
 * console.assert(new UsageError("--days must be a whole number").name === "UsageError");
 * ```
 * @module
 */

/** Bad flags or values. The message is one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
