/**
 * `deno task notebook`: starts JupyterLab (or the classic Notebook) on a working copy of the
 * training notebook, so running it never writes outputs into the committed one.
 *
 * The working copy is `my-notebooks/dora_metrics.ipynb`, in a git-ignored folder beside
 * `notebooks/`: at the same depth, so the notebook's `../lib/…` imports and relative
 * `EVENTS_FILE` paths resolve the same way, and the kernel finds `deno.json` by walking up.
 *
 * - The first run copies `notebooks/dora_metrics.ipynb` there; later runs reopen the copy with the
 *   trainer's edits and outputs.
 * - When the committed notebook has changed since the copy was made (after a `git pull`), the
 *   launcher says so and keeps the copy; `--fresh` replaces it with the committed notebook, and
 *   keeps the old copy as `dora_metrics-previous.ipynb`.
 *
 * The task first runs `deno task kernel`, so the notebook finds its kernel. Without a Jupyter
 * frontend it says how to install one and exits with status 1. Other arguments go to Jupyter,
 * e.g. `--no-browser`.
 *
 * @module
 */
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findJupyterFrontend, FRONTEND_MISSING_HELP } from "../lib/notebook/jupyter_tools.ts";

/** The committed notebook: the teaching material, kept free of outputs. */
export const COMMITTED_NOTEBOOK: string = fileURLToPath(
  new URL("../notebooks/dora_metrics.ipynb", import.meta.url),
);
/** The git-ignored folder of working copies, at the same depth as `notebooks/`. */
export const WORKING_DIR: string = fileURLToPath(new URL("../my-notebooks", import.meta.url));
/** The working copy the frontend opens. */
export const WORKING_COPY: string = join(WORKING_DIR, basename(COMMITTED_NOTEBOOK));

/** Our own flag; every other argument goes to Jupyter. */
export const FRESH_FLAG = "--fresh";

/** Where the committed notebook is, and where its working copy goes. */
export interface NotebookPaths {
  /** The committed notebook. */
  committed: string;
  /** The folder of the working copy. */
  workingDir: string;
}

/** What {@link main} runs on; the defaults are the real notebook and frontend. */
export interface LaunchOptions {
  /** Default: {@link COMMITTED_NOTEBOOK} and {@link WORKING_DIR}. */
  paths?: NotebookPaths;
  /** The frontend command; found on PATH when not given. */
  frontend?: string | null;
  /** Where notes go (default: stderr). */
  log?: (text: string) => void;
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", Deno.readFileSync(path));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Makes sure the working copy exists, and returns its path. It is made from the committed
 * notebook when missing or when `fresh`; otherwise it is kept, with a note to `log` when the
 * committed notebook changed since. A hidden file beside the copy records what it was copied from.
 *
 * @example The first call copies; a later one keeps the trainer's edits
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareWorkingCopy } from "./notebook.ts";
 *
 * const root = await Deno.makeTempDir();
 * const committed = `${root}/notebooks/course.ipynb`;
 * await Deno.mkdir(`${root}/notebooks`);
 * await Deno.writeTextFile(committed, "{}");
 * const paths = { committed, workingDir: `${root}/my-notebooks` };
 * const notes: string[] = [];
 * const copy = await prepareWorkingCopy(paths, { fresh: false, log: (note) => notes.push(note) });
 * assert.equal(copy, `${root}/my-notebooks/course.ipynb`);
 * await Deno.writeTextFile(copy, '{"edited": true}');
 * await prepareWorkingCopy(paths, { fresh: false, log: (note) => notes.push(note) });
 * assert.equal(await Deno.readTextFile(copy), '{"edited": true}');
 * assert.deepEqual(notes, []);
 * ```
 */
export async function prepareWorkingCopy(
  paths: NotebookPaths,
  { fresh, log }: { fresh: boolean; log: (text: string) => void },
): Promise<string> {
  const name = basename(paths.committed);
  const copy = join(paths.workingDir, name);
  const stamp = join(paths.workingDir, `.${name}.copied-from`);
  const committedHash = await sha256(paths.committed);
  Deno.mkdirSync(paths.workingDir, { recursive: true });
  if (exists(copy) && !fresh) {
    const copiedFrom = exists(stamp) ? Deno.readTextFileSync(stamp).trim() : "";
    if (copiedFrom !== committedHash) {
      log(
        `Note: notebooks/${name} has changed since your working copy was made. ` +
          `Your copy is kept; to start over from the new version, run ` +
          `deno task notebook ${FRESH_FLAG}`,
      );
    }
    return copy;
  }
  if (exists(copy)) {
    const previous = copy.replace(/\.ipynb$/, "-previous.ipynb");
    Deno.renameSync(copy, previous);
    log(`Your previous working copy is kept as ${previous}.`);
  }
  Deno.copyFileSync(paths.committed, copy);
  Deno.writeTextFileSync(stamp, `${committedHash}\n`);
  return copy;
}

/** Runs the frontend on the working copy until it exits, and returns its status. */
export async function main(args: readonly string[], options: LaunchOptions = {}): Promise<number> {
  const paths = options.paths ?? { committed: COMMITTED_NOTEBOOK, workingDir: WORKING_DIR };
  const log = options.log ?? ((text: string) => console.error(text));
  const frontend = options.frontend === undefined ? await findJupyterFrontend() : options.frontend;
  if (!frontend) {
    log(`deno task notebook: ${FRONTEND_MISSING_HELP}`);
    return 1;
  }
  const copy = await prepareWorkingCopy(paths, { fresh: args.includes(FRESH_FLAG), log });
  log(
    `Starting ${frontend} on ${paths.workingDir}; open ${basename(copy)}. ` +
      `It is your working copy (git-ignored): the committed notebook stays clean.`,
  );
  const jupyterArgs = args.filter((arg) => arg !== FRESH_FLAG);
  const child = new Deno.Command(frontend, {
    args: [`--notebook-dir=${paths.workingDir}`, ...jupyterArgs],
  }).spawn();
  return (await child.status).code;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
