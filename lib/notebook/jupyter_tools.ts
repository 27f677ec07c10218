/**
 * Finds the Jupyter pieces the notebook tasks need, and says how to install what is missing.
 *
 * - Executing and exporting (`deno task handout`, the notebook tests) needs a Python that imports
 *   nbclient and nbconvert. Debian's packages are checked first because a PATH `python3` (pyenv, a
 *   venv) often lacks them; `JUPYTER_PYTHON` overrides the search.
 * - Teaching (`deno task notebook`) needs a frontend: JupyterLab or the classic Notebook.
 *
 * @module
 */

/** Pythons tried in order, after `JUPYTER_PYTHON`. */
export const PYTHON_CANDIDATES = ["/usr/bin/python3", "python3", "python"];
/** Frontends tried in order; each takes `--notebook-dir`. */
export const FRONTENDS = ["jupyter-lab", "jupyter-notebook"];

export const NBCONVERT_MISSING_HELP =
  `Jupyter's nbconvert and nbclient were not found (no Python that imports them).
  Debian/Ubuntu: sudo apt-get install jupyter-nbconvert python3-nbclient jupyter-client
  (or run .ci/setup --all). Elsewhere: python3 -m pip install nbconvert nbclient.
  To use a particular Python, set JUPYTER_PYTHON=/path/to/python3.`;

export const FRONTEND_MISSING_HELP = `Neither JupyterLab nor Jupyter Notebook is installed.
  Debian/Ubuntu: sudo apt-get install jupyter-notebook
  Elsewhere (or for JupyterLab): python3 -m pip install --user jupyterlab
  Then run deno task notebook again. The kernel is already installed (deno task kernel).
  Exporting the handout needs only nbconvert: deno task handout.`;

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(command, { args, stdout: "null", stderr: "null" })
      .output();
    return success;
  } catch {
    // Not installed: Deno.Command throws NotFound.
    return false;
  }
}

/**
 * The first Python that can execute and convert notebooks, or null.
 *
 * @example A JUPYTER_PYTHON that does not exist is not replaced by another Python
 * ```ts
 * import assert from "node:assert/strict";
 * import { findJupyterPython } from "./jupyter_tools.ts";
 *
 * const env = (name: string) => name === "JUPYTER_PYTHON" ? "/nonexistent/python3" : undefined;
 * assert.equal(await findJupyterPython(env), null);
 * ```
 */
export async function findJupyterPython(
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Promise<string | null> {
  const explicit = env("JUPYTER_PYTHON");
  for (const python of explicit ? [explicit] : PYTHON_CANDIDATES) {
    if (await succeeds(python, ["-c", "import nbclient, nbconvert, nbformat, jupyter_client"])) {
      return python;
    }
  }
  return null;
}

/** The first installed Jupyter frontend command, or null. */
export async function findJupyterFrontend(): Promise<string | null> {
  for (const frontend of FRONTENDS) {
    if (await succeeds(frontend, ["--version"])) return frontend;
  }
  return null;
}
