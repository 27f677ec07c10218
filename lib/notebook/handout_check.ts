/// <reference lib="dom" />
/**
 * Checks an exported handout before it is written: complete (every view of the notebook, every
 * chart drawn), self-contained (no script, nothing the browser would fetch from outside the page),
 * free of error outputs, and under the size limit. `deno task handout` refuses to write a handout
 * with problems, so a lost output or an emptied chart never reaches a trainee.
 *
 * The page is checked as a browser reads it: parsed into a DOM (jsdom, which runs no script and
 * loads nothing), then every URL-bearing attribute, every `style` attribute and `<style>` sheet is
 * looked at. Escaped text that merely reads like markup (an event id `src=http://x`) is text, not
 * a reference, and entity-encoded or unquoted attributes are caught like plain ones.
 *
 * The views are the `data-view` names that `notebook_display.ts` puts on each output, in notebook
 * order; a chart counts as drawn when its `<svg>` holds marks (`<path>`, `<rect>`, `<line>`,
 * `<circle>`) and `<text>`, which nbconvert's SVG sanitiser would have stripped.
 *
 * @module
 */
import { JSDOM } from "jsdom";
import { NOTEBOOK_PAGE_VIEWS } from "./notebook_outputs.ts";

/** The charts, by the ids `renderCharts` gives them. */
export const HANDOUT_CHARTS = [
  "deploys_per_day",
  "deployment_frequency",
  "recovery_time",
  "timeline",
  "lead_time",
];

/**
 * The page's outputs in order, by `data-view` name: the notebook's, less those of its live-only
 * cells (see `notebook_outputs.ts`, the notebook's own list).
 */
export const HANDOUT_VIEWS: readonly string[] = NOTEBOOK_PAGE_VIEWS;

/** Bytes; the handout is meant to be mailed. */
export const MAX_HANDOUT_BYTES = 400_000;

/** Marks a chart needs, beyond its background, to count as drawn. */
const MIN_MARKS = 5;

/** Attributes whose value a browser loads or follows as a URL. */
const URL_ATTRIBUTES = new Set([
  "src",
  "href",
  "xlink:href",
  "srcset",
  "imagesrcset",
  "poster",
  "data",
  "action",
  "formaction",
  "background",
  "cite",
  "longdesc",
  "manifest",
  "ping",
  "codebase",
  "archive",
  "lowsrc",
  "dynsrc",
]);

/** Outside the page: a scheme that fetches, or a protocol-relative `//host`. */
const EXTERNAL_URL = /^(?:(?:https?|file|ftp|wss?):|[\\/]{2})/i;

/** The URLs in one attribute: `srcset` lists "url 2x, url 3x"; `ping`, `archive` list several. */
function attributeUrls(name: string, value: string): string[] {
  if (name.endsWith("srcset")) return value.split(",").map((part) => part.trim().split(/\s+/)[0]);
  if (name === "ping" || name === "archive") return value.split(/\s+/);
  return [value];
}

/** The targets of `url(…)`, `image-set("…")` and `@import "…"` in CSS, with CSS escapes undone. */
export function cssUrls(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/\\(.)/g, "$1");
  const quoted = (match: RegExpMatchArray) => (match[1] ?? match[2] ?? match[3] ?? "").trim();
  return [
    ...[...text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)/gi)].map(quoted),
    ...[...text.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)].map(quoted),
    ...[...text.matchAll(/image-set\(\s*(?:"([^"]*)"|'([^']*)')/gi)].map(quoted),
  ];
}

function parse(html: string | Document): Document {
  return typeof html === "string" ? new JSDOM(html).window.document : html;
}

/**
 * Every URL in the page that points outside it, as the browser would read it: from URL-bearing
 * attributes of any element (HTML or SVG, entities decoded, quoted or not), from `style`
 * attributes and `<style>` sheets, and from a `<meta http-equiv="refresh">`. Text is not looked
 * at: escaped markup in a table cell loads nothing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { externalReferences } from "./handout_check.ts";
 *
 * assert.deepEqual(externalReferences('<td>id src=http://e.x/a</td><a href="#top">top</a>'), []);
 * assert.deepEqual(
 *   externalReferences('<img src="&#104;ttps://e.x/a.png"><p style="background:url(//e.x/b)">'),
 *   ["https://e.x/a.png", "//e.x/b"],
 * );
 * ```
 */
export function externalReferences(html: string | Document): string[] {
  const document = parse(html);
  const found: string[] = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (URL_ATTRIBUTES.has(name)) found.push(...attributeUrls(name, attribute.value));
      if (name === "style") found.push(...cssUrls(attribute.value));
    }
    if (element.localName === "style") found.push(...cssUrls(element.textContent ?? ""));
    if (
      element.localName === "meta" &&
      /refresh/i.test(element.getAttribute("http-equiv") ?? "")
    ) {
      const target = (element.getAttribute("content") ?? "").match(/url\s*=\s*['"]?([^'"]*)/i);
      if (target) found.push(target[1]);
    }
  }
  return found.map((url) => url.trim()).filter((url) => EXTERNAL_URL.test(url));
}

/**
 * What would run as script in the page: `<script>` elements, `on…` event attributes, and
 * `javascript:` URLs, each named once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scriptsIn } from "./handout_check.ts";
 *
 * assert.deepEqual(scriptsIn("<td>&lt;script&gt; onload=alert(1)</td>"), []);
 * assert.deepEqual(scriptsIn('<svg onload="alert(1)"></svg>'), ["an onload attribute on <svg>"]);
 * ```
 */
export function scriptsIn(html: string | Document): string[] {
  const document = parse(html);
  const found = new Set<string>();
  for (const element of document.querySelectorAll("*")) {
    if (element.localName === "script") found.add("a <script>");
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.add(`an ${name} attribute on <${element.localName}>`);
      if (URL_ATTRIBUTES.has(name) && /^\s*javascript:/i.test(attribute.value)) {
        found.add(`a javascript: URL in ${name} on <${element.localName}>`);
      }
    }
  }
  return [...found];
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
  const document = parse(html);
  for (const script of scriptsIn(document)) problems.push(`it contains ${script}`);
  for (const reference of new Set(externalReferences(document))) {
    problems.push(`it references ${reference}`);
  }
  const bytes = new TextEncoder().encode(html).length;
  if (bytes >= MAX_HANDOUT_BYTES) {
    problems.push(`it is ${bytes} bytes, the limit is ${MAX_HANDOUT_BYTES}`);
  }
  if (document.querySelector(".output_error")) problems.push("a cell failed (an error output)");
  const views = [...document.querySelectorAll("div.dora-view[data-view]")].map((view) =>
    view.getAttribute("data-view")!
  );
  if (views.join() !== HANDOUT_VIEWS.join()) {
    const missing = HANDOUT_VIEWS.filter((view) => !views.includes(view));
    problems.push(
      `its outputs are ${views.join(", ") || "none"}; expected ${HANDOUT_VIEWS.join(", ")}` +
        (missing.length ? ` (missing: ${missing.join(", ")})` : ""),
    );
  }
  for (const id of HANDOUT_CHARTS) {
    const figure = document.getElementById(`figure-${id}`);
    if (!figure || figure.localName !== "figure") {
      problems.push(`chart ${id} is missing`);
      continue;
    }
    const marks = figure.querySelectorAll("path, rect, line, circle").length;
    const texts = figure.querySelectorAll("text").length;
    if (!figure.querySelector("svg") || marks < MIN_MARKS || texts === 0) {
      problems.push(`chart ${id} is not drawn (${marks} marks, ${texts} texts)`);
    }
  }
  return problems;
}
