/**
 * `deno task handout` end to end: five exports in a row through real Jupyter are each complete
 * (every output of every cell, four drawn charts) and byte-identical, even with the kernel in
 * different time zones; the page is self-contained and small; and headless Chromium really draws
 * every chart and fits the page on A4 and Letter.
 *
 * HANDOUT_RUNS sets the number of exports (default 5); the test task's second pass (under
 * TZ=Pacific/Chatham) runs one, since the first pass already varies the kernel's zone.
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { exportHandout } from "../../bin/handout.ts";
import {
  HANDOUT_CHARTS,
  HANDOUT_VIEWS,
  handoutProblems,
  MAX_HANDOUT_BYTES,
} from "../../lib/notebook/handout_check.ts";
import { handoutPath, parseHandoutArgs } from "../../lib/notebook/handout_options.ts";
import { findJupyterPython, NBCONVERT_MISSING_HELP } from "../../lib/notebook/jupyter_tools.ts";
import { CHROMIUM, chromiumAvailable, type Rect, withChromium } from "./headless_chromium.ts";
import { decodePng, drawnPixels } from "./png_pixels.ts";
import { requireTool } from "./tool_requirements.ts";
import { renderComparison } from "../../lib/report/comparison.ts";
import { compareUniverses, parseUniverses } from "../../lib/pipeline/universes.ts";
import { NOTEBOOK_OUTPUTS } from "../../lib/notebook/notebook_outputs.ts";

/** Outputs of the executed notebook: every cell's view, the live-only cells' too. */
const EXECUTED_OUTPUTS = NOTEBOOK_OUTPUTS.filter((output) => output.view !== null).length;

const RUNS = Number(Deno.env.get("HANDOUT_RUNS") ?? 5);
/** Zones whose offsets differ in sign, size and fraction: the page must not notice. */
const KERNEL_ZONES = [
  "UTC",
  "Pacific/Chatham",
  "America/St_Johns",
  "Asia/Kathmandu",
  "Pacific/Pago_Pago",
];

const python = await findJupyterPython();
const jupyter = requireTool(
  "Jupyter (nbclient, nbconvert)",
  python !== null,
  NBCONVERT_MISSING_HELP,
);
const chromium = requireTool(
  `Chromium (${CHROMIUM})`,
  await chromiumAvailable(),
  "Debian/Ubuntu: sudo apt-get install chromium (or run .ci/setup --all); or set CHROMIUM=/path/to/chromium.",
);

const workDir = await Deno.makeTempDir({ prefix: "dora-handout-test-" });
let firstHandout: Promise<string> | null = null;

async function exportOnce(
  run: number,
): Promise<{ html: string; outputs: number; late: number; seconds: number }> {
  const options = parseHandoutArgs(["--out", `${workDir}/handout-${run}.html`], workDir);
  const started = performance.now();
  const result = await exportHandout(options, python!, {
    kernelEnv: { TZ: KERNEL_ZONES[run % KERNEL_ZONES.length] },
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    html: Deno.readTextFileSync(result.path),
    outputs: result.outputs,
    late: result.lateOutputs,
    seconds,
  };
}

/** The seed-42 handout, exported once for the tests that only read it. */
function handout(): Promise<string> {
  firstHandout ??= exportOnce(0).then((run) => run.html);
  return firstHandout;
}

Deno.test({
  name: `handout exports in a row (${RUNS}) are complete every time and byte-identical`,
  ignore: jupyter.ignore,
  async fn() {
    jupyter.check();
    const runs: Awaited<ReturnType<typeof exportOnce>>[] = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await exportOnce(run);
      if (run === 0) firstHandout = Promise.resolve(result.html);
      assert.deepEqual(handoutProblems(result.html), [], `export ${run + 1}`);
      const views = [
        ...new JSDOM(result.html).window.document.querySelectorAll("div.dora-view[data-view]"),
      ].map((view) => view.getAttribute("data-view"));
      assert.deepEqual(views, HANDOUT_VIEWS, `export ${run + 1} has every output`);
      assert.equal(result.outputs, EXECUTED_OUTPUTS, "every cell's output, live-only ones too");
      runs.push(result);
    }
    runs.forEach((run, index) =>
      assert.ok(run.html === runs[0].html, `export ${index + 1} differs from the first`)
    );
    const outputs = runs.reduce((sum, run) => sum + run.outputs, 0);
    const late = runs.reduce((sum, run) => sum + run.late, 0);
    const seconds = runs.map((run) => run.seconds.toFixed(1)).join(", ");
    console.log(
      `${RUNS} exports: ${outputs} of ${
        RUNS * EXECUTED_OUTPUTS
      } outputs present, ${late} of them arrived ` +
        `after their cell's idle and were kept; ${
          new TextEncoder().encode(runs[0].html).length
        } bytes, ` +
        `identical; ${seconds} s each`,
    );
  },
});

Deno.test({
  name: "the handout has no script, no external URL, stays small, and holds four drawn charts",
  ignore: jupyter.ignore,
  async fn() {
    jupyter.check();
    const html = await handout();
    assert.ok(!/<script/i.test(html), "no <script>");
    assert.ok(
      !/\b(?:src|href)\s*=\s*["']?\s*(?:https?|file):/i.test(html),
      "no external src or href",
    );
    assert.ok(new TextEncoder().encode(html).length < MAX_HANDOUT_BYTES, `${html.length} bytes`);
    const document = new JSDOM(html).window.document;
    for (const element of document.querySelectorAll("[src], [href]")) {
      const value = element.getAttribute("src") ?? element.getAttribute("href") ?? "";
      assert.match(value, /^#/, `${element.localName} points at ${value}`);
    }
    assert.equal(document.querySelectorAll("script, link, iframe, img").length, 0);
    assert.equal(document.title, "DORA metrics: seed 42, 14 days");
    assert.equal(
      document.querySelectorAll(".input_area, .output_error").length,
      0,
      "code hidden, no errors",
    );
    for (const tag of ["about-code", "live-only"]) {
      assert.equal(document.querySelectorAll(`.celltag_${tag}`).length, 0, `no ${tag} cell`);
    }
    // On paper, the live-notebook instructions give way to what the reader can do with the page.
    const notes = [...document.querySelectorAll(".paper-note")].map((note) => note.textContent);
    assert.ok(notes.length >= 1, "a paper note");
    assert.match(
      notes[0] ?? "",
      /^On paper\. This page is the notebook already run, with seed 42 /,
    );
    assert.doesNotMatch(html, /Run → Run All|Restart Kernel/, "no live-notebook instructions");
    for (const id of HANDOUT_CHARTS) {
      const svg = document.querySelector(`figure#figure-${id} > svg`);
      assert.ok(svg, `chart ${id} is present`);
      for (const mark of ["path", "rect", "text"]) {
        assert.ok(svg.querySelectorAll(mark).length > 0, `chart ${id} has <${mark}>`);
      }
      assert.ok((svg.textContent ?? "").trim().length > 20, `chart ${id} has labels`);
    }
    assert.match(html, /@page \{ margin: 15mm; \}/);
    assert.match(html, /figure \{[^}]*break-inside: avoid/);
    assert.match(html, /table \{[^}]*break-inside: avoid/);
    assert.match(html, /figure svg \{[^}]*max-width: 100%/);
  },
});

/** Printable widths in CSS px: the paper minus the 15 mm @page margins. */
const PAPERS = [
  { name: "A4", inches: { width: 8.27, height: 11.69 }, printable: ((210 - 30) / 25.4) * 96 },
  { name: "Letter", inches: { width: 8.5, height: 11 }, printable: ((215.9 - 30) / 25.4) * 96 },
];

Deno.test({
  name: "headless Chromium draws every chart of the handout, and the page fits A4 and Letter",
  ignore: jupyter.ignore || chromium.ignore,
  async fn() {
    jupyter.check();
    chromium.check();
    const file = `${workDir}/chromium.html`;
    Deno.writeTextFileSync(file, await handout());
    await withChromium(async (page) => {
      await page.open(`file://${file}`, { width: 1000, height: 800 });
      const figures = await page.evaluate<(Rect & { id: string })[]>(
        `[...document.querySelectorAll("figure")].map((figure) => {
          const box = figure.getBoundingClientRect();
          return { id: figure.id, x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height };
        })`,
      );
      // The five charts, then the comparison's two charts for each of the two universes.
      for (const id of HANDOUT_CHARTS) {
        assert.ok(figures.some((figure) => figure.id === `figure-${id}`), `chart ${id} is drawn`);
      }
      assert.ok(figures.length >= HANDOUT_CHARTS.length + 4, `${figures.length} figures`);
      const image = decodePng(await page.screenshot());
      for (const figure of figures) {
        assert.ok(
          figure.width > 500 && figure.height > 150,
          `${figure.id} is laid out: ${JSON.stringify(figure)}`,
        );
        const drawn = drawnPixels(image, figure);
        const share = drawn / (figure.width * figure.height);
        assert.ok(
          share > 0.02,
          `${figure.id}: only ${drawn} drawn pixels (${(share * 100).toFixed(2)}%)`,
        );
      }

      // In a classroom, on a 1280 px wide window: no chart text under 10 px as rendered, i.e. its
      // font size times every scale between the SVG's user units and the screen.
      await page.open(`file://${file}`, { width: 1280, height: 800 });
      const texts = await chartTextSizes(page);
      assert.ok(texts.length > 100, `${texts.length} chart texts measured`);
      const small = texts.filter((text) => text.size < 10);
      assert.deepEqual(
        small.map((text) => `${text.chart}: "${text.text}" at ${text.size.toFixed(1)} px`),
        [],
        "chart text under 10 px at 1280 px",
      );
      console.log(
        `1280 px window: ${texts.length} chart texts, the smallest ${
          Math.min(...texts.map((text) => text.size)).toFixed(1)
        } px`,
      );

      await page.media("print");
      for (const paper of PAPERS) {
        await page.open(`file://${file}`, { width: Math.floor(paper.printable), height: 1000 });
        const layout = await page.evaluate<
          {
            scrollWidth: number;
            widest: number;
            blocks: { what: string; breakInside: string; height: number }[];
          }
        >(
          `({
            scrollWidth: document.documentElement.scrollWidth,
            widest: Math.max(...[...document.querySelectorAll("figure svg, table, pre")].map((e) => e.getBoundingClientRect().right)),
            blocks: [...document.querySelectorAll("figure, table")].map((block) => ({
              what: block.localName + " " + (block.id || (block.querySelector("caption")?.textContent ?? "").slice(0, 40)),
              breakInside: getComputedStyle(block).breakInside,
              height: block.getBoundingClientRect().height,
            })),
          })`,
        );
        assert.ok(
          layout.scrollWidth <= Math.ceil(paper.printable),
          `${paper.name}: page is ${layout.scrollWidth} px wide`,
        );
        assert.ok(
          layout.widest <= Math.ceil(paper.printable),
          `${paper.name}: content reaches ${layout.widest} px`,
        );
        // No table or figure splits across pages: each asks not to, and fits on one page.
        const pageHeight = (paper.inches.height * 25.4 - 30) / 25.4 * 96;
        assert.ok(layout.blocks.filter((block) => block.what.startsWith("table")).length > 10);
        for (const block of layout.blocks) {
          assert.equal(block.breakInside, "avoid", `${paper.name}: ${block.what}`);
          assert.ok(
            block.height < pageHeight,
            `${paper.name}: ${block.what} is ${block.height} px, a page ${pageHeight} px`,
          );
        }
        const pdf = new TextDecoder("latin1").decode(await page.pdf(paper.inches));
        const pages = pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
        assert.ok(
          pdf.startsWith("%PDF") && pages >= 3 && pages <= 30,
          `${paper.name}: ${pages} pages`,
        );
      }
    });
  },
});

Deno.test({
  name:
    "--seed 7 --show-code: every chart's subtitle names seed 7, and the code shows the values used",
  ignore: jupyter.ignore,
  async fn() {
    jupyter.check();
    const options = parseHandoutArgs(["--seed", "7", "--show-code"], workDir);
    assert.equal(handoutPath(options), "out/handout-seed7-code.html", "not the name without code");
    const result = await exportHandout({ ...options, out: `${workDir}/seed7-code.html` }, python!);
    const html = Deno.readTextFileSync(result.path);
    assert.deepEqual(handoutProblems(html), []);
    const document = new JSDOM(html).window.document;
    const subtitles = [...document.querySelectorAll("figure svg > desc")].map((desc) =>
      desc.textContent ?? ""
    );
    assert.ok(subtitles.length >= HANDOUT_CHARTS.length, `${subtitles.length} charts`);
    // The comparison draws seeds 42 and 7 (COMPARE); every other chart is seed 7's.
    for (const id of HANDOUT_CHARTS) {
      const desc = document.querySelector(`figure#figure-${id} svg > desc`)?.textContent ?? "";
      assert.match(desc, /^Seed 7, mixed team — /, `chart ${id}`);
    }
    for (const subtitle of subtitles) assert.match(subtitle, /^Seed (7|42), mixed team — /);

    const injected = document.querySelector(".celltag_injected-parameters .input_area");
    assert.ok(injected, "the injected parameters cell is shown with the code");
    assert.match(injected.textContent ?? "", /const SEED = 7;\s*const DAYS = 14;/);
    const cells = [...document.querySelectorAll(".cell")];
    const parameters = cells.findIndex((cell) => cell.classList.contains("celltag_parameters"));
    assert.ok(
      cells[parameters + 1]?.classList.contains("celltag_injected-parameters"),
      "right after the parameters cell",
    );
    assert.ok(!html.includes("Deno.env"), "no environment variables");
  },
});

/** Every chart text of the page open in `page`, with its size as rendered (font size × scale). */
function chartTextSizes(page: { evaluate<T>(expression: string): Promise<T> }) {
  return page.evaluate<{ size: number; text: string; chart: string }[]>(
    `[...document.querySelectorAll("svg text")]
      .filter((text) => text.textContent.trim() !== "" && text.getClientRects().length > 0)
      .map((text) => {
        const m = text.getScreenCTM();
        return {
          size: parseFloat(getComputedStyle(text).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)),
          text: text.textContent.trim().slice(0, 40),
          chart: text.closest("figure")?.id ?? "?",
        };
      })`,
  );
}

Deno.test({
  name:
    "the universes side by side stay legible at 1280 px: stacked, no chart text under 10 px (CLI page)",
  ignore: chromium.ignore,
  async fn() {
    chromium.check();
    const universes = compareUniverses(parseUniverses("42,7", { seed: 42, profile: "mixed" }), {
      days: 14,
    });
    const { html } = renderComparison(universes, { document: new JSDOM("").window.document });
    const file = `${workDir}/comparison.html`;
    Deno.writeTextFileSync(file, html);
    await withChromium(async (page) => {
      for (const width of [1280, 1920]) {
        await page.open(`file://${file}`, { width, height: 800 });
        const texts = await chartTextSizes(page);
        assert.ok(texts.length > 50, `${width} px: ${texts.length} texts`);
        const small = texts.filter((text) => text.size < 10);
        assert.deepEqual(small.map((t) => `${t.chart}: "${t.text}" ${t.size.toFixed(1)} px`), []);
      }
    });
  },
});

Deno.test({
  name: "clean up the handout test folder",
  sanitizeResources: false,
  fn: () => Deno.remove(workDir, { recursive: true }),
});

// ---------------------------------------------------------------------------------------------
// Killing `deno task handout` leaves no Jupyter runner, no kernel and no scratch folder behind.

const ROOT = new URL("../../", import.meta.url).pathname;

interface ProcessInfo {
  ppid: number;
  pgid: number;
  running: boolean;
  command: string;
}

/**
 * Every process on the machine, from `ps` (Deno reads /proc only with --allow-all). Zombies count
 * as not running.
 */
function processTable(): Map<number, ProcessInfo> {
  const table = new Map<number, ProcessInfo>();
  const output = new Deno.Command("ps", {
    args: ["-e", "-o", "pid=,ppid=,pgid=,stat=,args="],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  for (const line of new TextDecoder().decode(output.stdout).split("\n")) {
    const match = line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s*(.*)$/);
    if (!match) continue;
    const [, pid, ppid, pgid, state, command] = match;
    table.set(Number(pid), {
      ppid: Number(ppid),
      pgid: Number(pgid),
      running: !state.startsWith("Z") && !state.startsWith("X"),
      command,
    });
  }
  return table;
}

function descendants(root: number, table = processTable()): Map<number, ProcessInfo> {
  const found = new Map<number, ProcessInfo>();
  let frontier = [root];
  while (frontier.length) {
    const next: number[] = [];
    for (const [pid, info] of table) {
      if (frontier.includes(info.ppid) && !found.has(pid)) {
        found.set(pid, info);
        next.push(pid);
      }
    }
    frontier = next;
  }
  return found;
}

async function waitUntil(
  condition: () => boolean,
  { seconds, what, unless }: { seconds: number; what: string; unless?: () => string | null },
) {
  const deadline = performance.now() + seconds * 1000;
  while (!condition()) {
    const failed = unless?.();
    if (failed) throw new Error(`${what}: ${failed}`);
    if (performance.now() > deadline) throw new Error(`after ${seconds} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const scratchFolders = (tmp: string) =>
  [...Deno.readDirSync(tmp)].filter((entry) => entry.name.startsWith("dora-handout-"))
    .map((entry) => entry.name);

/**
 * Starts `deno task handout` in a session of its own (as a terminal would: Ctrl+C goes to its
 * process group), waits until its kernel runs, kills it with `kill`, and returns what is left.
 */
async function killHandoutWhileRunning(
  kill: (tree: { task: number; group: number; program: number }) => void,
) {
  const tmp = await Deno.makeTempDir({ prefix: "dora-kill-test-" });
  const out = `${tmp}/handout.html`;
  // --wait: setsid forks when its caller made it a group leader, and must then wait for the fork.
  const child = new Deno.Command("setsid", {
    args: [
      "--wait",
      "sh",
      "-c",
      `exec "$0" task handout --out "$1" 2> "$2"`,
      Deno.execPath(),
      out,
      `${tmp}/stderr.txt`,
    ],
    cwd: ROOT,
    env: { TMPDIR: tmp, JUPYTER_PYTHON: python! },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited = false;
  child.status.then(() => exited = true);
  let tree = new Map<number, ProcessInfo>();
  await waitUntil(() => {
    const table = processTable();
    // The child is missing from the table once it has exited: then `unless` says why.
    const self = table.get(child.pid);
    tree = new Map([
      ...(self ? [[child.pid, self] as const] : []),
      ...descendants(child.pid, table),
    ]);
    return [...tree.values()].some((info) => / jupyter --kernel /.test(info.command));
  }, {
    seconds: 60,
    what: "the handout's kernel never started",
    unless: () => exited ? Deno.readTextFileSync(`${tmp}/stderr.txt`) : null,
  });
  const task = [...tree].find(([, info]) => / task handout /.test(info.command))?.[0];
  assert.ok(task, `deno task runs: ${JSON.stringify([...tree])}`);
  const group = tree.get(task)!.pgid;
  const program = [...tree].find(([, info]) => /\bbin\/handout\.ts\b/.test(info.command))?.[0];
  assert.ok(program, `the handout program runs: ${JSON.stringify([...tree])}`);
  const runner = [...tree.values()].find((info) => /execute_notebook\.py/.test(info.command));
  assert.ok(runner, "the Jupyter runner runs");
  assert.equal(scratchFolders(tmp).length, 1, "one scratch folder while it runs");

  kill({ task, group, program });
  const started = performance.now();
  const pids = [...tree.keys()];
  const running = () => {
    const table = processTable();
    return pids.filter((pid) => table.get(pid)?.running);
  };
  await waitUntil(() => running().length === 0, {
    seconds: 20,
    what: "processes of the handout still running",
  }).catch((error) => {
    throw new Error(`${error.message}: ${running().map((pid) => tree.get(pid)?.command)}`);
  });
  const seconds = (performance.now() - started) / 1000;
  await child.status;
  const stderr = Deno.readTextFileSync(`${tmp}/stderr.txt`);
  let written = true;
  try {
    Deno.statSync(out);
  } catch {
    written = false;
  }
  return { tmp, seconds, stderr, written, left: scratchFolders(tmp) };
}

Deno.test({
  name:
    "Ctrl+C (SIGINT to the task's process group) stops the runner and kernel and removes the scratch folder",
  ignore: jupyter.ignore || Deno.build.os !== "linux",
  async fn() {
    jupyter.check();
    const result = await killHandoutWhileRunning(({ group }) => Deno.kill(-group, "SIGINT"));
    assert.deepEqual(result.left, [], "no scratch folder left");
    assert.ok(!result.written, "no handout written");
    assert.match(result.stderr, /stopped \(SIGINT\)/);
    console.log(`everything stopped ${result.seconds.toFixed(1)} s after Ctrl+C`);
    await Deno.remove(result.tmp, { recursive: true });
  },
});

Deno.test({
  name:
    "SIGKILL to `deno task` stops the orphaned program, its runner and kernel, and removes the scratch folder",
  ignore: jupyter.ignore || Deno.build.os !== "linux",
  async fn() {
    jupyter.check();
    const result = await killHandoutWhileRunning(({ task }) => Deno.kill(task, "SIGKILL"));
    assert.deepEqual(result.left, [], "no scratch folder left");
    assert.ok(!result.written, "no handout written");
    assert.match(result.stderr, /stopped \(the parent process died\)/);
    console.log(`everything stopped ${result.seconds.toFixed(1)} s after SIGKILL to deno task`);
    await Deno.remove(result.tmp, { recursive: true });
  },
});

Deno.test({
  name:
    "SIGKILL to the handout program stops its runner and kernel; the next run removes the folder it left",
  ignore: jupyter.ignore || Deno.build.os !== "linux",
  async fn() {
    jupyter.check();
    const result = await killHandoutWhileRunning(({ program }) => Deno.kill(program, "SIGKILL"));
    assert.ok(!result.written, "no handout written");
    assert.equal(result.left.length, 1, "SIGKILL cannot be handled: the folder stays, for now");
    const next = await new Deno.Command(Deno.execPath(), {
      args: ["task", "handout"],
      cwd: ROOT,
      // A Python without nbconvert: the run stops at once (status 3), after its cleanup.
      env: { TMPDIR: result.tmp, JUPYTER_PYTHON: "/nonexistent/python3" },
      stdout: "null",
      stderr: "null",
    }).output();
    assert.equal(next.code, 3);
    assert.deepEqual(scratchFolders(result.tmp), [], "the next run removed it");
    await Deno.remove(result.tmp, { recursive: true });
  },
});
