/**
 * Runs a notebook through real Jupyter on the project's kernel, and converts the result to HTML.
 *
 * Execution goes through `notebooks/tools/execute_notebook.py` (nbclient, like `jupyter nbconvert
 * --execute`, but it keeps listening after a cell reports idle, because the Deno kernel can send
 * outputs after that). The kernelspec is written into a private `JUPYTER_PATH` folder, so this
 * works on a fresh clone where `deno task kernel` never ran, and always runs the Deno that runs
 * this code. Parameters reach the kernel as environment variables.
 *
 * Conversion uses `jupyter nbconvert` with the template in `notebooks/tools/handout/`: no
 * `<script>`, no external URL, a small print stylesheet. Code cells are left out unless asked for,
 * and so are cells tagged `about-code` (text that only makes sense next to the code).
 *
 * @module
 */
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { KERNEL_NAME, writeKernelSpec } from "./kernelspec.ts";

/**
 * The training notebook.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NOTEBOOK_PATH } from "./run.ts";
 *
 * assert.ok(NOTEBOOK_PATH.endsWith("notebooks/dora_metrics.ipynb"));
 * assert.ok(Deno.statSync(NOTEBOOK_PATH).isFile);
 * ```
 */
export const NOTEBOOK_PATH = fileURLToPath(
  new URL("../../notebooks/dora_metrics.ipynb", import.meta.url),
);
const TOOLS_DIR = fileURLToPath(new URL("../../notebooks/tools", import.meta.url));
const EXECUTOR = join(TOOLS_DIR, "execute_notebook.py");
/** The nbconvert template folder under TOOLS_DIR. */
export const HANDOUT_TEMPLATE = "handout";
/** Cells with this tag are dropped from a handout without code. */
export const ABOUT_CODE_TAG = "about-code";

export interface ExecuteOptions {
  notebook: string;
  /** Where the executed notebook goes. */
  output: string;
  /** Variables added to this process's environment for the kernel (parameters, NO_COLOR, …). */
  env?: Record<string, string>;
  /** Variables of this process's environment the kernel must not see. */
  unsetEnv?: readonly string[];
  /** A scratch folder for the private kernelspec; the caller removes it. */
  workDir: string;
  /** Written to the notebook's metadata.title, the HTML page title. */
  title?: string;
  /** Seconds of silence awaited after each cell's idle; 0 behaves like stock nbclient. */
  drainSeconds?: number;
}

export interface ExecutionStats {
  cells: number;
  outputs: number;
  /** Outputs that arrived after their cell reported idle: stock nbconvert would have lost them. */
  lateOutputs: number;
  maxLateMs: number;
}

/** A failed Jupyter step, with what the tool printed. */
export class NotebookRunError extends Error {
  constructor(step: string, readonly details: string) {
    super(`${step} failed:\n${details.trim()}`);
    this.name = "NotebookRunError";
  }
}

/** One Jupyter command line, and the environment it runs in. */
interface Step {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Run with `env` only, not this process's environment plus `env`. */
  clearEnv: boolean;
}

async function run(step: string, { command, args, env, clearEnv }: Step) {
  const output = await new Deno.Command(command, {
    args,
    env,
    clearEnv,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  if (!output.success) throw new NotebookRunError(step, text(output.stderr) + text(output.stdout));
  return text(output.stderr);
}

/** What {@link kernelEnvironment} changes in the base environment. */
export interface KernelEnvironmentChanges {
  /** Variables added (or overriding the base's). */
  extra: Record<string, string>;
  /** Variables of the base the kernel must not see. */
  unset?: readonly string[];
}

/**
 * The environment for the kernel: this process's, minus `unset`, plus `extra`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kernelEnvironment } from "./run.ts";
 *
 * const env = kernelEnvironment({ HOME: "/home/t", SEED: "1", DAYS: "30" }, {
 *   extra: { SEED: "7" },
 *   unset: ["DAYS"],
 * });
 * assert.deepEqual(env, { HOME: "/home/t", SEED: "7" });
 * ```
 */
export function kernelEnvironment(
  base: Record<string, string>,
  { extra, unset = [] }: KernelEnvironmentChanges,
): Record<string, string> {
  const env = Object.fromEntries(Object.entries(base).filter(([name]) => !unset.includes(name)));
  return { ...env, ...extra };
}

/** Executes `notebook` on the project kernel and writes the result to `output`. */
export async function executeNotebook(
  python: string,
  options: ExecuteOptions,
): Promise<ExecutionStats> {
  const jupyterPath = join(options.workDir, "jupyter");
  writeKernelSpec(jupyterPath, Deno.execPath());
  const inherited = Deno.env.get("JUPYTER_PATH");
  const env = kernelEnvironment(Deno.env.toObject(), {
    extra: {
      ...options.env,
      // First on the path, so this spec wins over an older user-installed one.
      JUPYTER_PATH: inherited ? `${jupyterPath}${delimiter}${inherited}` : jupyterPath,
    },
    unset: options.unsetEnv,
  });
  const statsFile = join(options.workDir, "stats.json");
  const args = [
    EXECUTOR,
    options.notebook,
    options.output,
    "--kernel",
    KERNEL_NAME,
    "--cwd",
    dirname(options.notebook),
    "--stats",
    statsFile,
    "--drain",
    String(options.drainSeconds ?? 0.3),
  ];
  if (options.title) args.push("--title", options.title);
  await run(`executing ${options.notebook}`, { command: python, args, env, clearEnv: true });
  const stats = JSON.parse(Deno.readTextFileSync(statsFile));
  return {
    cells: stats.cells,
    outputs: stats.outputs,
    lateOutputs: stats.late_outputs,
    maxLateMs: stats.max_late_ms,
  };
}

export interface ConvertOptions {
  executed: string;
  /** The HTML file to write. */
  output: string;
  /** Keep code cells (and cells tagged about-code). */
  showCode?: boolean;
}

/** Converts an executed notebook to the handout HTML. */
export async function notebookToHtml(python: string, options: ConvertOptions): Promise<void> {
  const args = [
    "-m",
    "nbconvert",
    "--to",
    "html",
    `--TemplateExporter.extra_template_basedirs=${TOOLS_DIR}`,
    "--template",
    HANDOUT_TEMPLATE,
    "--no-prompt",
    "--output-dir",
    dirname(options.output),
    "--output",
    options.output.slice(dirname(options.output).length + 1).replace(/\.html$/, ""),
  ];
  if (!options.showCode) {
    args.push(
      "--TemplateExporter.exclude_input=True",
      "--TagRemovePreprocessor.enabled=True",
      `--TagRemovePreprocessor.remove_cell_tags=${ABOUT_CODE_TAG}`,
    );
  }
  args.push(options.executed);
  await run(`converting ${options.executed}`, { command: python, args, env: {}, clearEnv: false });
}
