/**
 * Runs a notebook through real Jupyter on the project's kernel, and converts the result to HTML.
 *
 * Execution goes through `notebooks/tools/execute_notebook.py` (nbclient, like `jupyter nbconvert
 * --execute`, but it keeps listening after a cell reports idle, because the Deno kernel can send
 * outputs after that). The kernelspec is written into a private `JUPYTER_PATH` folder, so this
 * works on a fresh clone where `deno task kernel` never ran, and always runs the Deno that runs
 * this code. Parameters go in the papermill way: a code cell tagged `injected-parameters`, right
 * after the cell tagged `parameters`, redeclares their consts with the values of this run.
 *
 * Conversion uses `jupyter nbconvert` with the template in `notebooks/tools/handout/`: no
 * `<script>`, no external URL, a small print stylesheet. Code cells are left out unless asked for,
 * and so are cells tagged `about-code` (text that only makes sense next to the code). Cells tagged
 * `live-only` (instructions for a running notebook) give way to a note for the reader of the page.
 *
 * Aborting a run's `signal` sends SIGTERM to the Jupyter runner, which kills its kernel.
 *
 * @module
 */
import { basename, delimiter, dirname, join } from "node:path";
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
/** Cells with this tag only make sense in a running notebook; a page replaces them. */
export const LIVE_ONLY_TAG = "live-only";

/** A value the injected parameters cell can declare. */
export type ParameterValue = string | number | boolean;

/**
 * The code of the injected parameters cell: one `const NAME = value;` per parameter, strings
 * JSON-quoted (a valid JavaScript literal whatever they hold). Redeclaring a `const` in a later
 * cell is allowed in the Deno kernel, so the cells below see these values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { injectedParametersSource } from "./run.ts";
 *
 * assert.equal(
 *   injectedParametersSource({ SEED: 7, PROFILE: "elite", EVENTS_FILE: 'a "b".csv' }),
 *   "// Injected parameters: the values of this run, replacing the defaults above.\n" +
 *     'const SEED = 7;\nconst PROFILE = "elite";\nconst EVENTS_FILE = "a \\"b\\".csv";',
 * );
 * assert.throws(() => injectedParametersSource({ "SEED; x": 1 }), /not a parameter name/);
 * ```
 */
export function injectedParametersSource(parameters: Record<string, ParameterValue>): string {
  const lines = ["// Injected parameters: the values of this run, replacing the defaults above."];
  for (const [name, value] of Object.entries(parameters)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
      throw new TypeError(`not a parameter name: ${JSON.stringify(name)}`);
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new TypeError(`${name} must be a finite number, got ${value}`);
    }
    lines.push(`const ${name} = ${JSON.stringify(value)};`);
  }
  return lines.join("\n");
}

export interface ExecuteOptions {
  notebook: string;
  /** Where the executed notebook goes. */
  output: string;
  /** The values of the injected parameters cell (see {@link injectedParametersSource}). */
  parameters?: Record<string, ParameterValue>;
  /** Variables added to this process's environment for the kernel (NO_COLOR, TZ, …). */
  env?: Record<string, string>;
  /** A scratch folder for the private kernelspec; the caller removes it. */
  workDir: string;
  /** Written to the notebook's metadata.title, the HTML page title. */
  title?: string;
  /** Seconds of silence awaited after each cell's idle; 0 behaves like stock nbclient. */
  drainSeconds?: number;
  /** Aborting it stops the runner, which kills its kernel; the run then fails. */
  signal?: AbortSignal;
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
  /** Aborting it sends the command SIGTERM. */
  signal?: AbortSignal;
}

async function run(step: string, { command, args, env, clearEnv, signal }: Step) {
  const output = await new Deno.Command(command, {
    args,
    env,
    clearEnv,
    stdout: "piped",
    stderr: "piped",
    signal,
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  if (!output.success) throw new NotebookRunError(step, text(output.stderr) + text(output.stdout));
  return text(output.stderr);
}

/** Executes `notebook` on the project kernel and writes the result to `output`. */
export async function executeNotebook(
  python: string,
  options: ExecuteOptions,
): Promise<ExecutionStats> {
  const jupyterPath = join(options.workDir, "jupyter");
  writeKernelSpec(jupyterPath, Deno.execPath());
  const inherited = Deno.env.get("JUPYTER_PATH");
  // The kernel gets this process's environment and these; parameters never travel this way (they
  // are an injected cell), so a variable of the caller's shell cannot change the numbers.
  const env = {
    ...Deno.env.toObject(),
    ...options.env,
    // First on the path, so this spec wins over an older user-installed one.
    JUPYTER_PATH: inherited ? `${jupyterPath}${delimiter}${inherited}` : jupyterPath,
    // The kernel's connection file goes with the scratch folder, whatever stops the run.
    JUPYTER_RUNTIME_DIR: join(options.workDir, "runtime"),
  };
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
  if (options.parameters) {
    const injected = join(options.workDir, "injected-parameters.ts");
    Deno.writeTextFileSync(injected, injectedParametersSource(options.parameters));
    args.push("--inject", injected);
  }
  await run(`executing ${options.notebook}`, {
    command: python,
    args,
    env,
    clearEnv: true,
    signal: options.signal,
  });
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
  /** HTML that takes the place of the cells tagged live-only; {@link PAPER_NOTE} by default. */
  paperNote?: string;
  /** Aborting it stops nbconvert. */
  signal?: AbortSignal;
}

/** The note for the later runs of live-only cells, the same on every page. */
const LATER_NOTE = `<div class="paper-note"><p><strong>On paper.</strong> This part is for ` +
  `the live notebook, where you run and change cells: open it with ` +
  `<code>deno task notebook</code>.</p></div>`;

/** The first note of a page whose parameters are not known here; `deno task handout` names them. */
export const PAPER_NOTE = `<div class="paper-note"><p><strong>On paper.</strong> This page is ` +
  `the notebook already run: read each section's explanation, then the tables and charts ` +
  `computed from the same events. To try other values, open the live notebook ` +
  `(<code>deno task notebook</code>) or make another handout ` +
  `(<code>deno task handout --seed 7</code>).</p></div>`;

/** A notebook cell as nbformat 4 stores it; only the fields read here are named. */
export interface NotebookCell {
  /** "code", "markdown" or "raw". */
  cell_type: string;
  /** Lines, or one string. */
  source: string | string[];
  /** `tags` is the list of the cell's tags. */
  metadata: { tags?: string[]; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * The notebook as a page shows it: each run of consecutive `live-only` cells becomes one markdown
 * cell holding a note (HTML): the first run `first` (what the page is), every later run a short
 * note that the part needs the live notebook. The note cells are tagged `paper-note`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { forPaper } from "./run.ts";
 *
 * const cell = (source: string, tags: string[] = []) =>
 *   ({ cell_type: "markdown", source, metadata: { tags } });
 * const page = forPaper([
 *   cell("# Title"),
 *   cell("Run all cells", ["live-only"]),
 *   cell("Restart the kernel", ["live-only"]),
 *   cell("## 1. Events"),
 *   cell("Change SEED and rerun", ["live-only"]),
 * ], "<p>On paper.</p>");
 * assert.deepEqual(page.map((c) => c.source).slice(0, 3), ["# Title", "<p>On paper.</p>", "## 1. Events"]);
 * assert.match(String(page[3].source), /This part is for the live notebook/);
 * assert.equal(page.length, 4);
 * ```
 */
export function forPaper(cells: readonly NotebookCell[], first: string): NotebookCell[] {
  const liveOnly = (cell?: NotebookCell) =>
    cell !== undefined && (cell.metadata?.tags ?? []).includes(LIVE_ONLY_TAG);
  let notes = 0;
  return cells.flatMap((cell, index) => {
    if (!liveOnly(cell)) return [cell];
    if (liveOnly(cells[index - 1])) return [];
    notes++;
    return [{
      cell_type: "markdown",
      id: `paper-note-${notes}`,
      metadata: { tags: ["paper-note"] },
      source: notes === 1 ? first : LATER_NOTE,
    }];
  });
}

/** Converts an executed notebook to the handout HTML. */
export async function notebookToHtml(python: string, options: ConvertOptions): Promise<void> {
  const executed = JSON.parse(Deno.readTextFileSync(options.executed));
  executed.cells = forPaper(executed.cells, options.paperNote ?? PAPER_NOTE);
  // Same file name in a folder of its own: nbconvert derives the page's ids from it.
  const paperDir = await Deno.makeTempDir({ dir: dirname(options.output), prefix: "paper-" });
  const paper = join(paperDir, basename(options.executed));
  Deno.writeTextFileSync(paper, JSON.stringify(executed, null, 1) + "\n");
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
  args.push(paper);
  try {
    await run(`converting ${options.executed}`, {
      command: python,
      args,
      env: {},
      clearEnv: false,
      signal: options.signal,
    });
  } finally {
    Deno.removeSync(paperDir, { recursive: true });
  }
}
