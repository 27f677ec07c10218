/**
 * `deno task handout`: one command from the training notebook to a standalone HTML handout.
 *
 * 1. Executes `notebooks/dora_metrics.ipynb` through Jupyter (nbclient) on the project's Deno
 *    kernel, installed into a temporary JUPYTER_PATH. The parameters go in the papermill way: a
 *    cell tagged `injected-parameters` right after the `parameters` cell redeclares their consts.
 * 2. Converts the executed copy with the handout template (code hidden unless `--show-code`;
 *    cells tagged `live-only` give way to a note on what to do with the page).
 * 3. Checks the page (`handout_check.ts`) and only then writes it, atomically, to
 *    `out/handout-seed<N>.html` (see `handout_options.ts` for the names).
 *
 * Stopping it leaves nothing behind: on SIGINT, SIGTERM or SIGHUP, or when the process that
 * started it dies (`deno task` killed with SIGKILL), it stops the Jupyter runner, which kills its
 * kernel, removes its scratch folder and exits with 130. A scratch folder left by a run that was
 * itself killed with SIGKILL is removed by the next run.
 *
 * Exit status: 0 written; 2 bad flags or no such input file; 1 a cell failed or the page failed its
 * checks; 3 Jupyter's nbconvert/nbclient are not installed; 130 stopped.
 *
 * @example
 * ```ts
 * import { main } from "./handout.ts";
 * console.assert(await main(["--days", "0"], { stdout: () => {}, stderr: () => {} }) === 2);
 * ```
 * @module
 */
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { handoutProblems } from "../lib/notebook/handout_check.ts";
import {
  HANDOUT_USAGE,
  type HandoutOptions,
  handoutParameters,
  handoutPath,
  handoutTitle,
  paperNote,
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

/** The prefix of the scratch folders in the temporary directory. */
export const WORK_DIR_PREFIX = "dora-handout-";
/** The file in a scratch folder that names the process using it. */
const OWNER_FILE = "owner.pid";
/** A scratch folder without an owner file is someone's only after this long. */
const UNOWNED_GRACE_MS = 60 * 60 * 1000;

/**
 * Whether process `pid` is running, asked of `ps` (Deno grants /proc only with --allow-all); a
 * zombie counts as gone. When `ps` cannot answer, this errs on "running", and the folder goes
 * after the grace period instead.
 */
function processRunning(pid: number): boolean {
  try {
    const { code, stdout } = new Deno.Command("ps", {
      args: ["-o", "stat=", "-p", String(pid)],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    const state = new TextDecoder().decode(stdout).trim();
    if (code !== 0 && state === "") return false;
    return !/^[ZX]/.test(state);
  } catch {
    return true;
  }
}

/**
 * Removes scratch folders that earlier runs left behind, because they were killed with SIGKILL:
 * those whose owner process is gone, and those without an owner file older than an hour. Returns
 * the folders removed.
 */
export function removeStaleWorkDirs(dir: string = tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return removed;
  }
  for (const entry of entries) {
    // Only the names Deno.makeTempDir gives (prefix + hex): not e.g. dora-handout-test-….
    if (!entry.isDirectory || !new RegExp(`^${WORK_DIR_PREFIX}[0-9a-f]+$`).test(entry.name)) {
      continue;
    }
    const path = join(dir, entry.name);
    try {
      let stale: boolean;
      try {
        const owner = Number(Deno.readTextFileSync(join(path, OWNER_FILE)).trim());
        stale = Number.isSafeInteger(owner) && owner > 0 && owner !== Deno.pid &&
          !processRunning(owner);
      } catch {
        stale = now - (Deno.statSync(path).mtime?.getTime() ?? now) > UNOWNED_GRACE_MS;
      }
      if (stale) {
        Deno.removeSync(path, { recursive: true });
        removed.push(path);
      }
    } catch { /* another run removed it, or it is not ours to remove */ }
  }
  return removed;
}

/** Raised when the export was stopped (a signal, or the parent process died). */
export class HandoutStopped extends Error {
  constructor(readonly reason: string) {
    super(`stopped (${reason}); the Jupyter runner and its kernel were stopped too`);
    this.name = "HandoutStopped";
  }
}

export interface ExportControls {
  /** Variables added for the kernel (the tests vary TZ to show the page does not depend on it). */
  kernelEnv?: Record<string, string>;
  /** Aborting it stops the Jupyter runner (which kills its kernel) and removes the scratch folder. */
  signal?: AbortSignal;
}

/** Runs and exports the notebook; throws NotebookRunError, HandoutCheckError or HandoutStopped. */
export async function exportHandout(
  options: HandoutOptions,
  python: string,
  controls: ExportControls = {},
): Promise<HandoutResult> {
  const { signal } = controls;
  const workDir = await Deno.makeTempDir({ prefix: WORK_DIR_PREFIX });
  const stopped = () => new HandoutStopped(String(signal?.reason ?? "aborted"));
  try {
    Deno.writeTextFileSync(join(workDir, OWNER_FILE), `${Deno.pid}\n`);
    // A fixed file name inside the scratch folder: nbconvert derives ids from it.
    const executed = `${workDir}/dora_metrics.ipynb`;
    const html = `${workDir}/dora_metrics.html`;
    const stats = await executeNotebook(python, {
      notebook: NOTEBOOK_PATH,
      output: executed,
      parameters: handoutParameters(options, dirname(NOTEBOOK_PATH)),
      env: { ...controls.kernelEnv, NO_COLOR: "1" },
      workDir,
      title: handoutTitle(options),
      signal,
    }).catch((error) => {
      throw signal?.aborted ? stopped() : error;
    });
    await notebookToHtml(python, {
      executed,
      output: html,
      showCode: options.showCode,
      paperNote: paperNote(options),
      signal,
    }).catch((error) => {
      throw signal?.aborted ? stopped() : error;
    });
    if (signal?.aborted) throw stopped();
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
  removeStaleWorkDirs();
  const python = await findJupyterPython();
  if (!python) {
    io.stderr(`deno task handout: ${NBCONVERT_MISSING_HELP}`);
    return 3;
  }
  const abort = new AbortController();
  const stop = (reason: string) => () => abort.abort(reason);
  const listeners = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((name) => {
    const listener = stop(name);
    Deno.addSignalListener(name, listener);
    return [name, listener] as const;
  });
  // `deno task` killed with SIGKILL cannot pass anything on: notice that our parent changed.
  const parent = Deno.ppid;
  const parentWatch = setInterval(() => {
    if (Deno.ppid !== parent) abort.abort("the parent process died");
  }, 250);
  try {
    const result = await exportHandout(options, python, { signal: abort.signal });
    io.stdout(
      `Handout: ${result.path} (${
        Math.round(result.bytes / 1024)
      } KB, ${result.outputs} outputs; ` +
        `${result.lateOutputs} of them arrived after their cell finished and were kept)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof HandoutStopped) {
      io.stderr(`deno task handout: ${error.message}`);
      return 130;
    }
    if (error instanceof NotebookRunError || error instanceof HandoutCheckError) {
      io.stderr(`error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    clearInterval(parentWatch);
    for (const [name, listener] of listeners) Deno.removeSignalListener(name, listener);
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
