/**
 * `deno task handout`: one command from the training notebook to a standalone HTML handout.
 *
 * 1. Executes `notebooks/dora_metrics.ipynb` through Jupyter (nbclient) on the project's Deno
 *    kernel, installed into a temporary JUPYTER_PATH, with the parameters in the environment.
 * 2. Converts the executed copy with the handout template (code hidden unless `--show-code`).
 * 3. Checks the page (`handout_check.ts`) and only then writes it, atomically, to
 *    `out/handout-seed<N>.html` (see `handout_options.ts` for the names).
 *
 * Exit status: 0 written; 2 bad flags or no such input file; 1 a cell failed or the page failed its
 * checks; 3 Jupyter's nbconvert/nbclient are not installed.
 *
 * @example
 * ```ts
 * import { main } from "./handout.ts";
 * console.assert(await main(["--days", "0"], { stdout: () => {}, stderr: () => {} }) === 2);
 * ```
 * @module
 */
import { handoutProblems } from "../lib/notebook/handout_check.ts";
import {
  HANDOUT_USAGE,
  handoutEnvironment,
  type HandoutOptions,
  handoutPath,
  handoutTitle,
  parseHandoutArgs,
} from "../lib/notebook/handout_options.ts";
import { findJupyterPython, NBCONVERT_MISSING_HELP } from "../lib/notebook/jupyter_tools.ts";
import {
  executeNotebook,
  NOTEBOOK_PATH,
  NotebookRunError,
  notebookToHtml,
} from "../lib/notebook/run.ts";
import { UsageError } from "../lib/core/usage_error.ts";
import { writeFileAtomically } from "../lib/report/write_outputs.ts";

export interface HandoutIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: HandoutIo = {
  stdout: (text) => console.log(text),
  stderr: (text) => console.error(text),
};

/** The exported page failed `handoutProblems`. */
export class HandoutCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`the handout failed its checks:\n- ${problems.join("\n- ")}`);
    this.name = "HandoutCheckError";
  }
}

export interface HandoutResult {
  path: string;
  bytes: number;
  /** Outputs that came after their cell's idle, caught by the executor. */
  lateOutputs: number;
  outputs: number;
}

/**
 * Runs and exports the notebook; throws NotebookRunError or HandoutCheckError. `kernelEnv` adds
 * variables for the kernel (the tests vary TZ to show the page does not depend on it).
 */
export async function exportHandout(
  options: HandoutOptions,
  python: string,
  kernelEnv: Record<string, string> = {},
): Promise<HandoutResult> {
  const workDir = await Deno.makeTempDir({ prefix: "dora-handout-" });
  try {
    // A fixed file name inside the scratch folder: nbconvert derives ids from it.
    const executed = `${workDir}/dora_metrics.ipynb`;
    const html = `${workDir}/dora_metrics.html`;
    const { set, unset } = handoutEnvironment(options);
    const stats = await executeNotebook(python, {
      notebook: NOTEBOOK_PATH,
      output: executed,
      env: { ...kernelEnv, ...set, NO_COLOR: "1" },
      unsetEnv: unset,
      workDir,
      title: handoutTitle(options),
    });
    await notebookToHtml(python, { executed, output: html, showCode: options.showCode });
    const page = Deno.readTextFileSync(html);
    const problems = handoutProblems(page);
    if (problems.length) throw new HandoutCheckError(problems);
    const path = handoutPath(options);
    writeFileAtomically(path, page);
    return {
      path,
      bytes: new TextEncoder().encode(page).length,
      lateOutputs: stats.lateOutputs,
      outputs: stats.outputs,
    };
  } finally {
    Deno.removeSync(workDir, { recursive: true });
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The task: returns the exit status. */
export async function main(args: readonly string[], io: HandoutIo = processIo): Promise<number> {
  let options: HandoutOptions;
  try {
    options = parseHandoutArgs(args, Deno.env.get("INIT_CWD") ?? Deno.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message} (see --help)`);
    return 2;
  }
  if (options.help) {
    io.stdout(HANDOUT_USAGE);
    return 0;
  }
  if (options.input && !isFile(options.input)) {
    io.stderr(`error: --input ${options.input}: no such file`);
    return 2;
  }
  const python = await findJupyterPython();
  if (!python) {
    io.stderr(`deno task handout: ${NBCONVERT_MISSING_HELP}`);
    return 3;
  }
  try {
    const result = await exportHandout(options, python);
    io.stdout(
      `Handout: ${result.path} (${
        Math.round(result.bytes / 1024)
      } KB, ${result.outputs} outputs; ` +
        `${result.lateOutputs} of them arrived after their cell finished and were kept)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof NotebookRunError || error instanceof HandoutCheckError) {
      io.stderr(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
