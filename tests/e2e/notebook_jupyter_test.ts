/**
 * The training notebook, executed through real Jupyter (nbclient) on the project kernel with its
 * parameters injected the papermill way, for seeds 42 and 7 and for an events file:
 * - every code cell runs and shows exactly the output lib/notebook/notebook_outputs.ts lists, as
 *   its last expression (an `execute_result`), every DataFrame a readable table;
 * - its numbers are `deno task demo --json`'s for the same parameters, read from the tables it
 *   shows: deploys per day, deployment frequency (deploys, per day, class), MTTR mean and median,
 *   change failure rate and lead time median;
 * - every table caption and chart subtitle names its universe, and every input string is escaped.
 */
import assert from "node:assert/strict";
import { basename } from "node:path";
import { JSDOM } from "jsdom";
import { findJupyterPython, NBCONVERT_MISSING_HELP } from "../../lib/notebook/jupyter_tools.ts";
import { executeNotebook, NOTEBOOK_PATH } from "../../lib/notebook/run.ts";
import { NOTEBOOK_OUTPUTS } from "../../lib/notebook/notebook_outputs.ts";
import type { Summary } from "../../lib/pipeline/summary.ts";
import { requireTool } from "./tool_requirements.ts";

const python = await findJupyterPython();
const jupyter = requireTool(
  "Jupyter (nbclient, nbconvert)",
  python !== null,
  NBCONVERT_MISSING_HELP,
);

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

interface ExecutedCell {
  cell_type: string;
  id: string;
  metadata: { tags?: string[] };
  outputs?: Output[];
}

const joined = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join("") : value ?? "";

type Parameters = Record<string, string | number>;

/** Executes the notebook with `parameters` injected after its parameters cell. */
async function execute(parameters: Parameters): Promise<ExecutedCell[]> {
  const workDir = await Deno.makeTempDir({ prefix: "dora-notebook-test-" });
  try {
    const output = `${workDir}/executed.ipynb`;
    const started = performance.now();
    const stats = await executeNotebook(python!, {
      notebook: NOTEBOOK_PATH,
      output,
      parameters,
      env: { NO_COLOR: "1" },
      workDir,
    });
    console.log(
      `${JSON.stringify(parameters)}: ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `${stats.outputs} outputs, ${stats.lateOutputs} after idle`,
    );
    return JSON.parse(Deno.readTextFileSync(output)).cells;
  } finally {
    await Deno.remove(workDir, { recursive: true });
  }
}

/** `deno task demo --json` with these flags, as a separate process. */
async function demoJson(flags: string[]): Promise<Summary> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "demo", "--json", ...flags],
    cwd: new URL("../..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(output.success, `deno task demo --json ${flags.join(" ")} failed`);
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

/** Each code cell's one output as HTML, after checking it is what the notebook promises. */
function outputsOf(cells: ExecutedCell[]): Map<string, string> {
  const code = cells.filter((cell) =>
    cell.cell_type === "code" && !cell.metadata.tags?.includes("injected-parameters")
  );
  assert.deepEqual(code.map((cell) => cell.id), NOTEBOOK_OUTPUTS.map((output) => output.cell));
  const html = new Map<string, string>();
  for (const [index, expected] of NOTEBOOK_OUTPUTS.entries()) {
    const outputs = code[index].outputs ?? [];
    for (const output of outputs) {
      assert.notEqual(
        output.output_type,
        "error",
        `cell ${expected.cell} failed: ${output.ename}: ${output.evalue}`,
      );
    }
    if (expected.view === null) {
      assert.deepEqual(outputs, [], `cell ${expected.cell} shows nothing`);
      continue;
    }
    assert.equal(outputs.length, 1, `cell ${expected.cell}: one output`);
    const [output] = outputs;
    assert.equal(output.output_type, "execute_result", `${expected.cell}: its last expression`);
    assert.deepEqual(Object.keys(output.data ?? {}).sort(), ["text/html", "text/plain"]);
    const markup = joined(output.data!["text/html"]);
    assert.ok(
      markup.startsWith(`<div class="dora-view" data-view="${expected.view}">`),
      `cell ${expected.cell} shows ${expected.view}: ${markup.slice(0, 80)}`,
    );
    if (expected.kind === "frame") assert.match(markup, /<table class="frame"><caption>/);
    if (expected.kind === "chart") assert.match(markup, /<figure id="figure-\w+"[^>]*><svg/);
    html.set(expected.view, markup);
  }
  return html;
}

/** A shown table's rows as records of cell values, exact (`data-value`) where rounded. */
function tableOf(markup: string): { caption: string; rows: Record<string, string>[] } {
  const document = new JSDOM(markup).window.document;
  const header = [...document.querySelectorAll("thead th")].map((th) => th.textContent ?? "");
  const rows = [...document.querySelectorAll("tbody tr")].map((tr) =>
    Object.fromEntries(
      [...tr.querySelectorAll("td")].map((td, index) => [
        header[index],
        td.getAttribute("data-value") ?? td.textContent ?? "",
      ]),
    )
  );
  return { caption: document.querySelector("caption")?.textContent ?? "", rows };
}

const numberOrNull = (text: string | undefined) =>
  text === undefined || text === "null" ? null : Number(text);

/** The notebook's numbers, read from the tables it showed, next to the demo's. */
function assertSameNumbers(html: Map<string, string>, demo: Summary) {
  const table = (view: string) => tableOf(html.get(view)!).rows;
  assert.deepEqual(
    table("perDay").map((row) => ({ date: row.date, deploys: Number(row.deploys) })),
    demo.deploys_per_day,
    "deploys per day",
  );
  const [frequency] = table("frequency");
  assert.equal(Number(frequency.deploys), demo.deployment_frequency.deploys, "deploys");
  assert.equal(numberOrNull(frequency.per_day), demo.deployment_frequency.per_day, "per day");
  const picked = table("frequencyRules").filter((row) => row.picked === "true");
  assert.deepEqual(picked.map((row) => row.class), [demo.deployment_frequency.class], "class");
  const [recovery] = table("recovery");
  assert.equal(numberOrNull(recovery.mean_minutes), demo.recovery.mean_minutes, "MTTR mean");
  assert.equal(numberOrNull(recovery.median_minutes), demo.recovery.median_minutes, "median");
  const [changeFailure] = table("changeFailure");
  assert.equal(numberOrNull(changeFailure.rate), demo.change_failure_rate.rate, "CFR");
  assert.equal(Number(changeFailure.failed_deploys), demo.change_failure_rate.failed_deploys);
  const [leadTime] = table("leadTime");
  assert.equal(numberOrNull(leadTime.median_minutes), demo.lead_time.median_minutes, "lead time");
  // The notebook's own check, done in the kernel on exact values, agrees.
  assert.deepEqual(table("agreement").filter((row) => row.same !== "true"), []);
}

/**
 * Every table caption names the universe, and every chart's subtitle starts with the charts' own
 * name for it (`chartUniverse`).
 */
function assertUniverseNamed(
  html: Map<string, string>,
  { universe, chartUniverse }: { universe: string; chartUniverse: string },
) {
  for (const [view, markup] of html) {
    if (view.startsWith("example.")) {
      assert.match(tableOf(markup).caption, /\(the example above\)$/, view);
    } else if (view.startsWith("chart-")) {
      const subtitle = new JSDOM(markup).window.document.querySelector("svg > desc");
      assert.ok(
        subtitle?.textContent?.startsWith(`${chartUniverse} — `),
        `${view} names its universe: ${subtitle?.textContent}`,
      );
    } else if (markup.includes('<table class="frame">')) {
      assert.ok(tableOf(markup).caption.endsWith(`(${universe})`), `${view} names ${universe}`);
    }
  }
}

Deno.test({
  name: "with seeds 42 and 7 the notebook shows every step and the demo's numbers",
  ignore: jupyter.ignore,
  async fn() {
    jupyter.check();
    const views: Map<string, string>[] = [];
    for (const seed of [42, 7]) {
      const [cells, demo] = await Promise.all([
        execute({ SEED: seed }),
        demoJson(["--seed", String(seed)]),
      ]);
      const html = outputsOf(cells);
      assertSameNumbers(html, demo);
      assertUniverseNamed(html, {
        universe: `seed ${seed}, mixed team, 14 days, UTC`,
        chartUniverse: `Seed ${seed}, mixed team`,
      });
      views.push(html);
    }
    // Two universes, two stories; the hand-written example is the same in both.
    for (const view of ["events", "perDay", "recoveries", "chart-recovery_time", "leadTimes"]) {
      assert.notEqual(views[0].get(view), views[1].get(view), `${view} differs between seeds`);
    }
    assert.equal(views[0].get("example.rejected"), views[1].get("example.rejected"));
    assert.match(views[0].get("comparison")!, /seed 42 vs seed 7/);
  },
});

const HOSTILE_SERVICE = "<script>alert(1)</script>";

Deno.test({
  name:
    "with an events file in Berlin time the notebook shows the demo's numbers, every string escaped",
  ignore: jupyter.ignore,
  async fn() {
    jupyter.check();
    const fixture = new URL("../fixtures/canonical/berlin-dst.csv", import.meta.url).pathname;
    // A hostile file name too: it is named in every caption.
    const dir = await Deno.makeTempDir({ prefix: "dora-notebook-events-" });
    const eventsFile = `${dir}/evil"><img src=x onerror=alert(1)>.csv`;
    await Deno.copyFile(fixture, eventsFile);
    try {
      const [cells, demo] = await Promise.all([
        execute({ EVENTS_FILE: eventsFile, TIME_ZONE: "Europe/Berlin" }),
        demoJson(["--input", eventsFile, "--tz", "Europe/Berlin"]),
      ]);
      const html = outputsOf(cells);
      assertSameNumbers(html, demo);
      // The fixture's hand-computed numbers, so a shared mistake cannot pass unseen.
      assert.deepEqual(demo.deploys_per_day.map((day) => day.deploys), [2, 0, 2, 0, 1]);
      assert.deepEqual(
        [demo.recovery.mean_minutes, demo.recovery.median_minutes, demo.recovery.unresolved],
        [55, 45, 1],
      );
      assert.equal(demo.change_failure_rate.rate, 0.6);
      assert.equal(demo.lead_time.median_minutes, 570);
      assertUniverseNamed(html, {
        universe: `${basename(eventsFile)}, 2024-03-29 to 2024-04-02, Europe/Berlin`,
        chartUniverse: basename(eventsFile),
      });

      // Times on Berlin's clock: d3 deployed at 23:30 UTC on the 30th, 00:30 on the 31st there.
      const dated = tableOf(html.get("dated")!).rows.find((row) => row.id === "d3");
      assert.deepEqual([dated?.timestamp, dated?.date], ["2024-03-31 00:30", "2024-03-31"]);
      const rejected = tableOf(html.get("rejected")!).rows.map((row) => [row.line, row.reason]);
      assert.deepEqual(rejected.map(([line]) => line), ["14", "15"]);

      const all = [...html.values()].join("\n");
      assert.ok(!all.includes(HOSTILE_SERVICE) && !all.includes("<img") && !all.includes("<b>"));
      assert.match(all, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(all, /i1 &lt;b&gt;bold&lt;\/b&gt;/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
