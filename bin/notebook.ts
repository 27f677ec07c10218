/**
 * `deno task notebook`: starts JupyterLab (or the classic Notebook) on `notebooks/`. The task first
 * runs `deno task kernel`, so the notebook finds its kernel. Without a Jupyter frontend it says how
 * to install one and exits with status 1. Extra arguments go to Jupyter, e.g. `--no-browser`.
 *
 * @example
 * ```ts
 * import { NOTEBOOKS_DIR } from "./notebook.ts";
 * console.assert(NOTEBOOKS_DIR.endsWith("notebooks"));
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { findJupyterFrontend, FRONTEND_MISSING_HELP } from "../lib/notebook/jupyter_tools.ts";

export const NOTEBOOKS_DIR = fileURLToPath(new URL("../notebooks", import.meta.url));

/** Runs the frontend until it exits and returns its status. */
export async function main(args: readonly string[]): Promise<number> {
  const frontend = await findJupyterFrontend();
  if (!frontend) {
    console.error(`deno task notebook: ${FRONTEND_MISSING_HELP}`);
    return 1;
  }
  console.error(`Starting ${frontend} on ${NOTEBOOKS_DIR}; open dora_metrics.ipynb.`);
  const child = new Deno.Command(frontend, { args: [`--notebook-dir=${NOTEBOOKS_DIR}`, ...args] })
    .spawn();
  return (await child.status).code;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
