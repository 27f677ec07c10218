/**
 * The training notebook, executed end to end through real Jupyter (nbclient) on the project
 * kernel, with the default seed and with seed 7: every code cell runs without error and shows
 * exactly its expected outputs, all as text/html with a text/plain fallback, and the two seeds
 * tell different stories.
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { HANDOUT_VIEWS } from "../../lib/notebook/handout_check.ts";
import { PARAMETER_VARIABLES } from "../../lib/notebook/parameters.ts";
import { findJupyterPython, NBCONVERT_MISSING_HELP } from "../../lib/notebook/jupyter_tools.ts";
import { executeNotebook, NOTEBOOK_PATH, notebookToHtml } from "../../lib/notebook/run.ts";
import { handoutProblems } from "../../lib/notebook/handout_check.ts";
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
  scorecard: ["key-metrics", "chart-lead_time", "scorecard"],
  compare: ["comparison"],
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

/** Executes the notebook with only `parameters` set; the others take the parameters cell's defaults. */
async function execute(parameters: Record<string, string>) {
  const workDir = await Deno.makeTempDir({ prefix: "dora-notebook-test-" });
  const output = `${workDir}/executed.ipynb`;
  const started = performance.now();
  const stats = await executeNotebook(python!, {
    notebook: NOTEBOOK_PATH,
    output,
    env: { ...parameters, NO_COLOR: "1" },
    unsetEnv: PARAMETER_VARIABLES.filter((name) => !(name in parameters)),
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
    const runs = [await execute({}), await execute({ SEED: "7" })];
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

const HOSTILE_SERVICE = "<script>alert(1)</script>";

Deno.test({
  name:
    "with an events file the notebook shows its events, rejections and charts, every input string escaped",
  ignore: jupyter.ignore,
  async fn() {
    jupyter.check();
    const eventsDir = await Deno.makeTempDir({ prefix: "dora-notebook-events-" });
    const eventsFile = `${eventsDir}/evil"><img src=x onerror=alert(1)>.csv`;
    Deno.writeTextFileSync(
      eventsFile,
      [
        "timestamp,type,id,service,deploy_id",
        `2024-03-04T09:00:00Z,deploy,d1,${HOSTILE_SERVICE},`,
        `2024-03-04T09:30:00Z,incident_start,"i1 <b>bold</b>",${HOSTILE_SERVICE},d1`,
        `2024-03-04T10:15:00Z,incident_resolved,"i1 <b>bold</b>",${HOSTILE_SERVICE},`,
        "2024-03-05T11:00:00Z,deploy,d2,api,",
        "2024-03-05 12:00,deploy,d3,api,",
        "2024-03-06T08:00:00Z,<svg/onload=alert(1)>,x,api,",
      ].join("\n") + "\n",
    );
    const run = await execute({ EVENTS_FILE: eventsFile });
    const code = run.cells.filter((cell) => cell.cell_type === "code");
    for (const cell of code) {
      assert.deepEqual(viewsOf(cell), EXPECTED_VIEWS[cell.id], `outputs of cell ${cell.id}`);
    }
    const html = code.flatMap((cell) => cell.outputs ?? []).map((output) =>
      joined(output.data?.["text/html"])
    )
      .join("\n");
    assert.ok(
      !html.includes(HOSTILE_SERVICE) && !html.includes("<img") && !/<svg\/onload/.test(html),
    );
    assert.ok(!html.includes("<b>bold</b>"));
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(
      viewHtml(run.cells, "source"),
      /Events from .*evil&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;\.csv: 2 days/,
    );
    assert.match(viewHtml(run.cells, "event-counts"), /Rejected rows: the first 2 of 2/);
    assert.match(viewHtml(run.cells, "recovery"), /MTTR \(mean\) 45 min, median 45 min/);
    await Deno.remove(run.workDir, { recursive: true });
    await Deno.remove(eventsDir, { recursive: true });
  },
});
