/**
 * The training notebook, executed end to end through real Jupyter (nbclient) on the project
 * kernel, with the default seed and with seed 7: every code cell runs without error and shows
 * exactly its expected outputs, all as text/html with a text/plain fallback, and the two seeds
 * tell different stories.
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { HANDOUT_VIEWS } from "../lib/handout_check.ts";
import { PARAMETER_VARIABLES } from "../lib/notebook_source.ts";
import { findJupyterPython, NBCONVERT_MISSING_HELP } from "../lib/jupyter_tools.ts";
import { executeNotebook, NOTEBOOK_PATH, notebookToHtml } from "../lib/notebook_run.ts";
import { handoutProblems } from "../lib/handout_check.ts";
import { requireTool } from "./tool_requirements.ts";

const python = await findJupyterPython();
const jupyter = requireTool(
  "Jupyter (nbclient, nbconvert)",
  python !== null,
  NBCONVERT_MISSING_HELP,
);

/** Each code cell's outputs, by the `data-view` name of each display, in order. */
const EXPECTED_VIEWS: Record<string, string[]> = {
  parameters: [],
  setup: [],
  events: ["source", "event-sample", "event-counts"],
  deploys: ["chart-deploys_per_day"],
  frequency: ["chart-deployment_frequency"],
  recovery: ["recovery", "chart-recovery_time"],
  timeline: ["chart-timeline"],
  scorecard: ["key-metrics", "scorecard"],
};

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

interface ExecutedCell {
  cell_type: string;
  id: string;
  metadata: Record<string, unknown>;
  outputs?: Output[];
}

const joined = (
  value: string | string[] | undefined,
) => (Array.isArray(value) ? value.join("") : value ?? "");

async function execute(seed: number | null) {
  const workDir = await Deno.makeTempDir({ prefix: "dora-notebook-test-" });
  const output = `${workDir}/executed.ipynb`;
  const started = performance.now();
  const stats = await executeNotebook(python!, {
    notebook: NOTEBOOK_PATH,
    output,
    // Without SEED the parameters cell's own default (42) applies.
    env: seed === null ? { NO_COLOR: "1" } : { SEED: String(seed), NO_COLOR: "1" },
    unsetEnv: PARAMETER_VARIABLES.filter((name) => seed === null || name !== "SEED"),
    workDir,
  });
  const seconds = (performance.now() - started) / 1000;
  const cells: ExecutedCell[] = JSON.parse(Deno.readTextFileSync(output)).cells;
  return { cells, stats, seconds, output, workDir };
}

/** The views a cell showed, after checking each output's type and MIME types. */
function viewsOf(cell: ExecutedCell): string[] {
  return (cell.outputs ?? []).map((output) => {
    assert.notEqual(
      output.output_type,
      "error",
      `cell ${cell.id} failed: ${output.ename}: ${output.evalue}`,
    );
    assert.equal(output.output_type, "display_data", `cell ${cell.id}: ${output.output_type}`);
    assert.deepEqual(
      Object.keys(output.data ?? {}).sort(),
      ["text/html", "text/plain"],
      `cell ${cell.id}`,
    );
    const html = joined(output.data!["text/html"]);
    return html.match(/^<div class="dora-view" data-view="([^"]+)">/)?.[1] ??
      `unknown: ${html.slice(0, 60)}`;
  });
}

function viewHtml(cells: ExecutedCell[], view: string): string {
  for (const cell of cells) {
    for (const output of cell.outputs ?? []) {
      const html = joined(output.data?.["text/html"]);
      if (html.startsWith(`<div class="dora-view" data-view="${view}">`)) return html;
    }
  }
  throw new Error(`no ${view} output`);
}

Deno.test("the expected views are the handout's views, in notebook order", () => {
  assert.deepEqual(Object.values(EXPECTED_VIEWS).flat(), HANDOUT_VIEWS);
});

Deno.test({
  name:
    "the notebook runs through Jupyter with the default seed and seed 7, every cell with its outputs",
  ignore: jupyter.ignore,
  async fn() {
    jupyter.check();
    const runs = [await execute(null), await execute(7)];
    for (const { cells, stats, seconds } of runs) {
      const code = cells.filter((cell) => cell.cell_type === "code");
      assert.deepEqual(code.map((cell) => cell.id), Object.keys(EXPECTED_VIEWS));
      for (const cell of code) {
        assert.deepEqual(viewsOf(cell), EXPECTED_VIEWS[cell.id], `outputs of cell ${cell.id}`);
        assert.ok(!("execution" in cell.metadata), "no timing metadata");
      }
      assert.equal(stats.outputs, HANDOUT_VIEWS.length);
      console.log(
        `executed in ${
          seconds.toFixed(1)
        } s: ${stats.outputs} outputs, ${stats.lateOutputs} arrived after idle`,
      );
    }
    const [first, seven] = runs.map((run) => run.cells);
    assert.match(viewHtml(first, "source"), /Synthetic events, seed 42: 14 days/);
    assert.match(viewHtml(seven, "source"), /Synthetic events, seed 7: 14 days/);
    for (
      const view of [
        "event-sample",
        "event-counts",
        "recovery",
        "chart-recovery_time",
        "key-metrics",
        "chart-timeline",
      ]
    ) {
      assert.notEqual(
        viewHtml(first, view),
        viewHtml(seven, view),
        `${view} differs between the seeds`,
      );
    }
    const mttr = (cells: ExecutedCell[]) =>
      viewHtml(cells, "recovery").match(/MTTR \(mean\) ([^,]+),/)?.[1];
    assert.ok(
      mttr(first) && mttr(seven) && mttr(first) !== mttr(seven),
      `MTTR ${mttr(first)} vs ${mttr(seven)}`,
    );

    // The same executed notebook as a handout with its code: every code cell, and still clean.
    const withCode = `${runs[1].workDir}/with-code.html`;
    await notebookToHtml(python!, { executed: runs[1].output, output: withCode, showCode: true });
    const html = Deno.readTextFileSync(withCode);
    assert.deepEqual(handoutProblems(html), []);
    assert.equal(
      html.match(/<div class="input_area">/g)?.length,
      Object.keys(EXPECTED_VIEWS).length,
    );
    const code = [...new JSDOM(html).window.document.querySelectorAll(".input_area")].map((e) =>
      e.textContent
    );
    assert.match(code[0] ?? "", /const SEED = Number\(Deno\.env\.get\("SEED"\) \?\? 42\);/);
    assert.match(html, /<h2 id="Setup">/);
    for (const run of runs) await Deno.remove(run.workDir, { recursive: true });
  },
});
