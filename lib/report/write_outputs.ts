/**
 * Writes a run's output files so that a failed run never leaves a half-written set: every file is
 * first written beside its target under a temporary name, and only when all of them are written
 * are they renamed into place. Other files in the folder are left alone.
 *
 * @module
 */
import { join } from "node:path";

/** One file of an output set. */
export interface OutputFile {
  /** The file's name inside the output folder. */
  name: string;
  /** The file's text, written as UTF-8. */
  content: string;
}

/**
 * Writes the files into `dir` (created if needed) and returns their paths.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { join } from "node:path";
 * import { writeOutputs } from "./write_outputs.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(join(dir, "notes.txt"), "mine");
 * const written = writeOutputs(dir, [{ name: "report.html", content: "<!doctype html>" }]);
 * assert.deepEqual(written, [join(dir, "report.html")]);
 * assert.equal(Deno.readTextFileSync(written[0]), "<!doctype html>");
 * assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), ["notes.txt", "report.html"]);
 * ```
 */
export function writeOutputs(dir: string, files: readonly OutputFile[]): string[] {
  Deno.mkdirSync(dir, { recursive: true });
  const staged: { temporary: string; final: string }[] = [];
  try {
    for (const file of files) {
      const final = join(dir, file.name);
      const temporary = `${final}.partial-${Deno.pid}`;
      staged.push({ temporary, final });
      Deno.writeTextFileSync(temporary, file.content);
    }
  } catch (error) {
    for (const { temporary } of staged) {
      try {
        Deno.removeSync(temporary);
      } catch { /* it may never have been created */ }
    }
    throw error;
  }
  for (const { temporary, final } of staged) Deno.renameSync(temporary, final);
  return staged.map(({ final }) => final);
}
