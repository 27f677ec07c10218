/**
 * What a run's rejected rows mean once the summary is out: `--rejected FILE` writes them as CSV,
 * and `--strict` turns any of them into exit status 3. The reasons themselves are printed by the
 * CLI as always; this adds one line saying why the status is not 0.
 *
 * @example
 * ```ts
 * import { ingestOutcome } from "./ingest_outcome.ts";
 * const lines: string[] = [];
 * const status = ingestOutcome({ read: {}, strict: true, rejectedFile: null },
 *   [{ file: "a.csv", line: 2, reason: "type: missing" }], (line) => lines.push(line));
 * console.assert(status === 3 && lines[0].startsWith("strict:"));
 * ```
 * @module
 */
import type { Rejection } from "../core/events.ts";
import { oneLine } from "../ingest/input_file_error.ts";
import { writeRejectedCsv } from "./rejected_csv.ts";
import { type IngestOptions, STRICT_EXIT_STATUS } from "../ingest/options.ts";
import { printable } from "./text_summary.ts";

/** Exit status when `--rejected FILE` cannot be written. */
const WRITE_FAILED_STATUS = 2;

/** Writes `--rejected FILE` if asked; false (after saying why) when it cannot be written. */
export function writeRejectedFile(
  ingest: IngestOptions | undefined,
  rejected: readonly Rejection[],
  stderr: (line: string) => void,
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

/** Writes `--rejected` and returns the exit status `--strict` asks for (0 when neither applies). */
export function ingestOutcome(
  ingest: IngestOptions | undefined,
  rejected: readonly Rejection[],
  stderr: (line: string) => void,
): number {
  if (!writeRejectedFile(ingest, rejected, stderr)) return WRITE_FAILED_STATUS;
  if (ingest?.strict && rejected.length > 0) {
    const rows = `${rejected.length} row${rejected.length === 1 ? "" : "s"}`;
    stderr(`strict: ${rows} rejected, so the exit status is ${STRICT_EXIT_STATUS}`);
    return STRICT_EXIT_STATUS;
  }
  return 0;
}
