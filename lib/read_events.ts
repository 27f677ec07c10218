/**
 * Reads every input file into one frame of text rows (`file`, `line` and the canonical columns),
 * choosing the reader by the file's format.
 *
 * @example
 * ```ts
 * import { readSources } from "./read_events.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "timestamp,type\n2024-01-01T10:00:00Z,deploy\n");
 * console.assert(readSources([path]).height === 1);
 * ```
 * @module
 */
import pl from "nodejs-polars";
import { CANONICAL_COLUMNS } from "./events.ts";
import { InputFileError, readCsvRows } from "./read_csv.ts";

/** Text rows of all files, with `file` (the index into `paths`) and `line`. */
export function readSources(paths: readonly string[]): pl.DataFrame {
  const frames = paths.map((path, index) => {
    if (/\.csv$/i.test(path)) return readCsvRows(path, index);
    throw new InputFileError(path, "unknown format (expected a .csv file)");
  });
  const all = frames.length === 1 ? frames[0] : pl.concat(frames, { how: "diagonal" });
  const present = new Set(all.columns);
  return all.select(
    pl.col("file"),
    pl.col("line"),
    ...CANONICAL_COLUMNS.filter((name) => present.has(name)).map((name) => pl.col(name)),
  );
}
