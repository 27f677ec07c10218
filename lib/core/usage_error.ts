/**
 * The error for bad command-line flags or values. The CLI prints its one-line message with a hint
 * to see `--help`, and exits with status 2.
 *
 * @module
 */

/**
 * Bad flags or values. The message is one line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError } from "./usage_error.ts";
 *
 * const error = new UsageError("--days must be a whole number");
 * assert.ok(error instanceof Error);
 * assert.equal(String(error), "UsageError: --days must be a whole number");
 * ```
 */
export class UsageError extends Error {
  /** `message`: what is wrong with which flag, in one line. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
