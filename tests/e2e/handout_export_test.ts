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
import { parseHandoutArgs } from "../../lib/notebook/handout_options.ts";
import { findJupyterPython, NBCONVERT_MISSING_HELP } from "../../lib/notebook/jupyter_tools.ts";
import { CHROMIUM, chromiumAvailable, type Rect, withChromium } from "./headless_chromium.ts";
import { decodePng, drawnPixels } from "./png_pixels.ts";
import { requireTool } from "./tool_requirements.ts";

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
    TZ: KERNEL_ZONES[run % KERNEL_ZONES.length],
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
      const views = [...result.html.matchAll(/data-view="([^"]+)"/g)].map((match) => match[1]);
      assert.deepEqual(views, HANDOUT_VIEWS, `export ${run + 1} has every output`);
      assert.equal(result.outputs, HANDOUT_VIEWS.length);
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
        RUNS * HANDOUT_VIEWS.length
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
    assert.equal(document.querySelector("#Setup"), null, "text about the code is hidden with it");
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
      // The four charts, then the comparison's two charts for each of the two universes.
      assert.deepEqual(
        figures.slice(0, HANDOUT_CHARTS.length).map((figure) => figure.id),
        HANDOUT_CHARTS.map((id) => `figure-${id}`),
      );
      assert.equal(figures.length, HANDOUT_CHARTS.length + 4);
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

      await page.media("print");
      for (const paper of PAPERS) {
        await page.open(`file://${file}`, { width: Math.floor(paper.printable), height: 1000 });
        const layout = await page.evaluate<
          { scrollWidth: number; widest: number; breaks: string[] }
        >(
          `({
            scrollWidth: document.documentElement.scrollWidth,
            widest: Math.max(...[...document.querySelectorAll("figure svg, table, pre")].map((e) => e.getBoundingClientRect().right)),
            breaks: [...document.querySelectorAll("figure")].map((figure) => getComputedStyle(figure).breakInside),
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
        assert.deepEqual(layout.breaks, figures.map(() => "avoid"));
        const pdf = new TextDecoder("latin1").decode(await page.pdf(paper.inches));
        const pages = pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
        assert.ok(
          pdf.startsWith("%PDF") && pages >= 3 && pages <= 12,
          `${paper.name}: ${pages} pages`,
        );
      }
    });
  },
});

Deno.test({
  name: "clean up the handout test folder",
  sanitizeResources: false,
  fn: () => Deno.remove(workDir, { recursive: true }),
});
