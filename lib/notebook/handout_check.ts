/**
 * Checks an exported handout before it is written: complete (every view of the notebook, every
 * chart drawn), self-contained (no `<script>`, no `http:`, `https:` or `file:` in a `src`, `href`
 * or CSS `url()`), free of error outputs, and under the size limit. `deno task handout` refuses to
 * write a handout with problems, so a lost output or an emptied chart never reaches a trainee.
 *
 * The views are the `data-view` names that `notebook_display.ts` puts on each output, in notebook
 * order; a chart counts as drawn when its `<svg>` holds marks (`<path>`, `<rect>`, `<line>`,
 * `<circle>`) and `<text>`, which nbconvert's SVG sanitiser would have stripped.
 *
 * @module
 */

/** The charts, by the ids `renderCharts` gives them. */
export const HANDOUT_CHARTS = [
  "deploys_per_day",
  "deployment_frequency",
  "recovery_time",
  "timeline",
  "lead_time",
];

/** The notebook's outputs in order, by `data-view` name. */
export const HANDOUT_VIEWS = [
  "source",
  "event-sample",
  "event-counts",
  "chart-deploys_per_day",
  "chart-deployment_frequency",
  "recovery",
  "chart-recovery_time",
  "chart-timeline",
  "key-metrics",
  "chart-lead_time",
  "scorecard",
  "comparison",
];

/** Bytes; the handout is meant to be mailed. */
export const MAX_HANDOUT_BYTES = 400_000;

/** Marks a chart needs, beyond its background, to count as drawn. */
const MIN_MARKS = 5;

/** Every `src=`, `href=` and `url()` value that points outside the page. */
export function externalReferences(html: string): string[] {
  const references = [
    ...html.matchAll(/\b(?:src|href|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi),
  ].map((match) => match[1] ?? match[2] ?? match[3]);
  const urls = [...html.matchAll(/url\(\s*['"]?([^'")]*)/gi)].map((match) => match[1]);
  return [...references, ...urls].filter((value) => /^\s*(?:https?:|file:|\/\/)/i.test(value));
}

/** The `<figure>` of chart `id`, or null. */
export function chartFigure(html: string, id: string): string | null {
  const start = html.indexOf(`<figure id="figure-${id}"`);
  if (start < 0) return null;
  const end = html.indexOf("</figure>", start);
  return end < 0 ? null : html.slice(start, end + "</figure>".length);
}

/**
 * What is wrong with a handout; empty when nothing is.
 *
 * @example A script from a CDN, and no views
 * ```ts
 * import assert from "node:assert/strict";
 * import { handoutProblems } from "./handout_check.ts";
 *
 * const problems = handoutProblems('<script src="https://cdn.example/x.js"></script>');
 * assert.ok(problems.includes("it contains a <script>"));
 * assert.ok(problems.includes("it references https://cdn.example/x.js"));
 * assert.ok(problems.includes("chart timeline is missing"));
 * ```
 */
export function handoutProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<script\b/i.test(html)) problems.push("it contains a <script>");
  for (const reference of new Set(externalReferences(html))) {
    problems.push(`it references ${reference}`);
  }
  const bytes = new TextEncoder().encode(html).length;
  if (bytes >= MAX_HANDOUT_BYTES) {
    problems.push(`it is ${bytes} bytes, the limit is ${MAX_HANDOUT_BYTES}`);
  }
  if (/class="[^"]*\boutput_error\b/.test(html)) problems.push("a cell failed (an error output)");
  const views = [...html.matchAll(/<div class="dora-view" data-view="([^"]+)">/g)].map((match) =>
    match[1]
  );
  if (views.join() !== HANDOUT_VIEWS.join()) {
    const missing = HANDOUT_VIEWS.filter((view) => !views.includes(view));
    problems.push(
      `its outputs are ${views.join(", ") || "none"}; expected ${HANDOUT_VIEWS.join(", ")}` +
        (missing.length ? ` (missing: ${missing.join(", ")})` : ""),
    );
  }
  for (const id of HANDOUT_CHARTS) {
    const figure = chartFigure(html, id);
    if (!figure) {
      problems.push(`chart ${id} is missing`);
      continue;
    }
    const marks = figure.match(/<(?:path|rect|line|circle)\b/g)?.length ?? 0;
    const texts = figure.match(/<text\b/g)?.length ?? 0;
    if (!figure.includes("<svg") || marks < MIN_MARKS || texts === 0) {
      problems.push(`chart ${id} is not drawn (${marks} marks, ${texts} texts)`);
    }
  }
  return problems;
}
