/**
 * What a run's rejected rows mean once the summary is out: `--rejected FILE` writes them as CSV,
 * and `--strict` turns any of them into exit status 3. The reasons themselves are printed by the
 * CLI as always; this adds one line saying why the status is not 0.
 *
 * @module
 */
import type { Rejection } from "../core/events.ts";
import { oneLine } from "../ingest/input_file_error.ts";
import { writeRejectedCsv } from "./rejected_csv.ts";
import { type IngestOptions, STRICT_EXIT_STATUS } from "../ingest/options.ts";
import { printable } from "./text_summary.ts";

/** Exit status when `--rejected FILE` cannot be written. */
const WRITE_FAILED_STATUS = 2;

/** The run's `--strict` and `--rejected` choices, and where to say what happened. */
export interface OutcomeOptions {
  /** The CLI's ingest options; undefined when neither flag applies (e.g. synthetic data). */
  ingest: IngestOptions | undefined;
  /** Prints one line to standard error. */
  stderr: (line: string) => void;
}

/**
 * Writes `--rejected FILE` if asked; false (after saying why) when it cannot be written.
 *
 * @example A folder where the file should be: one line, and false
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeRejectedFile } from "./ingest_outcome.ts";
 * const dir = Deno.makeTempDirSync();
 * const lines: string[] = [];
 * const ingest = { read: {}, strict: false, rejectedFile: dir };
 * const rows = [{ file: "a.csv", line: 2, reason: "type: missing" }];
 * assert.equal(writeRejectedFile(rows, { ingest, stderr: (line) => lines.push(line) }), false);
 * assert.equal(lines.length, 1);
 * assert.ok(lines[0].startsWith(`error: --rejected ${dir}: `));
 * ```
 */
export function writeRejectedFile(
  rejected: readonly Rejection[],
  { ingest, stderr }: OutcomeOptions,
): boolean {
  if (ingest?.rejectedFile == null) return true;
  try {
    writeRejectedCsv(ingest.rejectedFile, rejected);
    return true;
  } catch (error) {
    const problem = oneLine(error);
    stderr(`error: --rejected ${printable(ingest.rejectedFile)}: ${printable(problem)}`);
    return false;
  }
}

/**
 * Writes `--rejected` and returns the exit status `--strict` asks for (0 when neither applies).
 *
 * @example `--strict --rejected FILE` with one rejected row: the CSV, one line, status 3
 * ```ts
 * import assert from "node:assert/strict";
 * import { ingestOutcome } from "./ingest_outcome.ts";
 * const rejectedFile = `${Deno.makeTempDirSync()}/rejected.csv`;
 * const lines: string[] = [];
 * const rows = [{ file: "a.csv", line: 2, reason: "type: missing" }];
 * const ingest = { read: {}, strict: true, rejectedFile };
 * assert.equal(ingestOutcome(rows, { ingest, stderr: (line) => lines.push(line) }), 3);
 * assert.deepEqual(lines, ["strict: 1 row rejected, so the exit status is 3"]);
 * assert.equal(Deno.readTextFileSync(rejectedFile), "file,line,reason\r\na.csv,2,type: missing\r\n");
 * assert.equal(ingestOutcome([], { ingest, stderr: (line) => lines.push(line) }), 0);
 * ```
 */
export function ingestOutcome(
  rejected: readonly Rejection[],
  { ingest, stderr }: OutcomeOptions,
): number {
  if (!writeRejectedFile(rejected, { ingest, stderr })) return WRITE_FAILED_STATUS;
  if (ingest?.strict && rejected.length > 0) {
    const rows = `${rejected.length} row${rejected.length === 1 ? "" : "s"}`;
    stderr(`strict: ${rows} rejected, so the exit status is ${STRICT_EXIT_STATUS}`);
    return STRICT_EXIT_STATUS;
  }
  return 0;
}
