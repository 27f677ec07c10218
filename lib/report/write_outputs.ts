/**
 * Writes a run's output files so that a failed run never leaves a half-written set: every file is
 * first written beside its target under a temporary name, and only when all of them are written
 * are they renamed into place. Other files in the folder are left alone.
 *
 * @example
 * ```ts
 * import { writeOutputs } from "./write_outputs.ts";
 * const dir = await Deno.makeTempDir();
 * const written = writeOutputs(dir, [{ name: "report.html", content: "<!doctype html>" }]);
 * console.assert(Deno.readTextFileSync(written[0]) === "<!doctype html>");
 * ```
 * @module
 */
import { join } from "node:path";

export interface OutputFile {
  name: string;
  content: string;
}

/** Writes the files into `dir` (created if needed) and returns their paths. */
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
