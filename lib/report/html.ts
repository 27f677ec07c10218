/**
 * The HTML report: one self-contained page with the key metrics, the charts inline as SVG, a
 * per-service table and the rejected rows.
 *
 * Self-contained means: no `<script>`, no external URL of any kind (no `http:`, `https:` or
 * `file:` in a `src`, `href` or `url()`), fonts from the system, so it works offline and can be
 * mailed as one file. It prints on A4 and Letter: the page content is at most 180 mm wide (both
 * papers' printable width with 15 mm margins), figures never split across pages, SVGs shrink to
 * the column, and long tables repeat their header row on each page.
 *
 * Every string that came from input (service names, file names, reasons, ids) goes through
 * {@link markup}, which escapes it. The chart SVGs are trusted output of `standaloneSvg` (text in
 * them was escaped by the serializer); they are still checked for scripts and external URLs
 * before they are inlined.
 *
 * More sections (for example a DORA scorecard) are passed as `sections`; they appear after the
 * key metrics. Build their bodies with {@link markup} and {@link htmlTable} so they are escaped.
 *
 * @module
 */
import { markup, type SafeHtml, trustedHtml } from "./escape_html.ts";
import { htmlPage } from "./html_page.ts";
import { visibleText } from "../charts/visible_text.ts";
import type { Summary } from "../pipeline/summary.ts";

/** Rejected rows listed in the report; the total is always stated. */
export const REJECTED_ROWS_SHOWN = 50;
/** Services listed in the per-service table (the busiest first when there are more). */
export const SERVICE_ROWS_SHOWN = 500;

/** A chart to inline in a page. */
export interface ReportChart {
  /** The chart's id; the figure's anchor is `figure-<id>`. */
  id: string;
  /** The chart's title, the figure's accessible name. */
  title: string;
  /** A standalone SVG document, as `renderCharts` returns it. */
  svg: string;
}

/** A section of the report with a heading. */
export interface ReportSection {
  /** Anchor id, letters, digits, `-` and `_` only. */
  id: string;
  /** The heading (escaped). */
  title: string;
  /** The content, escaped or trusted markup. */
  body: SafeHtml;
}

/** What {@link renderReport} puts on the page besides the summary's tables. */
export interface ReportOptions {
  /** Charts, inlined in order in the "Charts" section; none leaves the section out. */
  charts?: readonly ReportChart[];
  /** More sections (e.g. the scorecard), placed after the key metrics. */
  sections?: readonly ReportSection[];
  /** Page title and heading. */
  title?: string;
}

/** A cell: text (escaped), a number (right-aligned), null (shown as "–"), or SafeHtml. */
export type CellValue = string | number | null | undefined | SafeHtml;

/** A table column. */
export interface Column {
  /** The header text. */
  label: string;
  /** Right-aligned, never wrapped; by default, cells holding numbers are. */
  numeric?: boolean;
}

/** How {@link htmlTable} sets a table. */
export interface TableOptions {
  /** A caption above the table (escaped). */
  caption?: string;
  /** Many columns: a smaller font so they fit the page width. */
  wide?: boolean;
}

/**
 * A table with a header row that repeats on each printed page. Every cell is escaped.
 *
 * @example Text cells are escaped, numbers formatted and right-aligned, null shown as "–"
 * ```ts
 * import assert from "node:assert/strict";
 * import { htmlTable } from "./html.ts";
 * const table = htmlTable(["service", { label: "deploys", numeric: true }], [["<b>api</b>", 1234.5], ["web", null]]);
 * assert.equal(
 *   table.html,
 *   '<table><thead><tr><th scope="col">service</th><th class="num" scope="col">deploys</th></tr></thead>' +
 *     '<tbody><tr><td class="text">&lt;b&gt;api&lt;/b&gt;</td><td class="num">1,234.5</td></tr>' +
 *     '<tr><td class="text">web</td><td class="num">–</td></tr></tbody></table>',
 * );
 * ```
 */
export function htmlTable(
  columns: readonly (string | Column)[],
  rows: readonly (readonly CellValue[])[],
  { caption, wide = false }: TableOptions = {},
): SafeHtml {
  const specs = columns.map((column) => (typeof column === "string" ? { label: column } : column));
  const cell = (value: CellValue, index: number) => {
    const numeric = specs[index]?.numeric ?? typeof value === "number";
    const shown = value == null ? "–" : typeof value === "number" ? formatValue(value) : value;
    // Text cells may hold input of any length (a 500-character service name): they may break
    // anywhere, but never narrower than 22 mm, so the table stays inside the page.
    return numeric ? markup`<td class="num">${shown}</td>` : markup`<td class="text">${shown}</td>`;
  };
  return markup`<table${wide ? trustedHtml(' class="wide"') : ""}>${
    caption ? markup`<caption>${caption}</caption>` : ""
  }<thead><tr>${
    specs.map((spec) =>
      spec.numeric
        ? markup`<th class="num" scope="col">${spec.label}</th>`
        : markup`<th scope="col">${spec.label}</th>`
    )
  }</tr></thead><tbody>${rows.map((row) => markup`<tr>${row.map(cell)}</tr>`)}</tbody></table>`;
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

function formatValue(value: number): string {
  return numberFormat.format(value);
}

function formatMinutes(minutes: number | null): string | null {
  if (minutes == null) return null;
  if (minutes < 60) return `${formatValue(Math.round(minutes * 10) / 10)} min`;
  if (minutes < 48 * 60) {
    return `${formatValue(Math.round(minutes / 6) / 10)} h (${
      formatValue(Math.round(minutes))
    } min)`;
  }
  return `${formatValue(Math.round(minutes / 144) / 10)} d (${
    formatValue(Math.round(minutes))
  } min)`;
}

function formatRate(rate: number | null | undefined): string | null {
  return rate == null ? null : `${formatValue(Math.round(rate * 1000) / 10)}%`;
}

function sourceText(summary: Summary): string {
  const { source } = summary;
  if (source.kind === "synthetic") {
    return `synthetic data, seed ${source.seed ?? "–"}${
      source.profile ? `, profile ${source.profile}` : ""
    }${source.scenario ? `, scenario ${source.scenario}` : ""}`;
  }
  return source.files.length ? source.files.join(", ") : "(no files)";
}

/**
 * The key-metrics table: every headline number, the window and the source.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { keyMetrics } from "./html.ts";
 * const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
 * const html = keyMetrics(summary).html;
 * const deploys = summary.deployment_frequency.deploys;
 * assert.ok(html.includes(`<td class="text">Deploys</td><td class="text">${deploys}</td>`));
 * assert.ok(html.includes('<td class="text">Source</td><td class="text">synthetic data, seed 42</td>'));
 * ```
 */
export function keyMetrics(summary: Summary): SafeHtml {
  const frequency = summary.deployment_frequency;
  const recovery = summary.recovery;
  const events = summary.events;
  const rows: CellValue[][] = [
    [
      "Deployment frequency",
      `${frequency.per_day == null ? "–" : formatValue(frequency.per_day)} deploys per day`,
    ],
    ["DORA frequency class", frequency.class],
    ["Deploys", frequency.deploys],
    ["Deploy days", `${formatValue(frequency.deploy_days)} of ${formatValue(summary.window.days)}`],
    ["Median deploy days per ISO week", frequency.median_deploy_days_per_week],
    ["Recovery time, mean (MTTR)", formatMinutes(recovery.mean_minutes)],
    ["Recovery time, median", formatMinutes(recovery.median_minutes)],
    [
      "Time to restore service, median (all incidents)",
      `${formatMinutes(recovery.median_minutes) ?? "–"} (${
        formatValue(recovery.resolved)
      } resolved of ${formatValue(recovery.incidents)} incidents)`,
    ],
    [
      "Failed deployment recovery time, median (deploy-caused incidents only)",
      `${formatMinutes(summary.failed_deployment_recovery.median_minutes) ?? "–"} (${
        formatValue(summary.failed_deployment_recovery.resolved)
      } resolved of ${formatValue(summary.failed_deployment_recovery.incidents)} deploy-caused)`,
    ],
    ["Incidents", recovery.incidents],
    ["Resolved", recovery.resolved],
    ["Unresolved (still open)", recovery.unresolved],
  ];
  const { change_failure_rate: cfr, lead_time: lead, rework_rate: rework } = summary;
  rows.push(
    [
      "Change failure rate",
      `${formatRate(cfr.rate) ?? "–"} (${formatValue(cfr.failed_deploys)} of ${
        formatValue(cfr.deploys)
      } deploys)`,
    ],
    [
      "Change lead time, median",
      `${formatMinutes(lead.median_minutes) ?? "–"} (${formatValue(lead.changes)} changes)`,
    ],
    [
      "Deployment rework rate",
      `${formatRate(rework.rate) ?? "–"} (${formatValue(rework.rework_deploys)} of ${
        formatValue(rework.deploys)
      } deploys)`,
    ],
  );
  rows.push(
    [
      "Window",
      `${summary.window.start} to ${summary.window.end} (${
        formatValue(summary.window.days)
      } days, ${summary.window.timezone})`,
    ],
    ["Source", sourceText(summary)],
    ["Events read", events.read],
    ["Events used", events.used],
    ["Events outside the window", events.outside_window],
    ["Rows rejected", events.rejected.length],
  );
  return htmlTable(["metric", { label: "value", numeric: false }], rows);
}

function serviceTable(summary: Summary): SafeHtml {
  const entries = Object.entries(summary.by_service);
  const shown = entries.length <= SERVICE_ROWS_SHOWN ? entries : [...entries]
    .sort(([nameA, a], [nameB, b]) =>
      b.deploys + b.incidents - (a.deploys + a.incidents) || (nameA < nameB ? -1 : 1)
    )
    .slice(0, SERVICE_ROWS_SHOWN);
  if (!entries.length) return markup`<p>No services in the window.</p>`;
  const table = htmlTable(
    [
      "service",
      { label: "deploys", numeric: true },
      { label: "per day", numeric: true },
      { label: "deploy days", numeric: true },
      "frequency class",
      { label: "incidents", numeric: true },
      { label: "unresolved", numeric: true },
      { label: "MTTR", numeric: true },
      { label: "median recovery", numeric: true },
    ],
    shown.map(([name, service]) => [
      name,
      service.deploys,
      service.deployment_frequency.per_day,
      service.deployment_frequency.deploy_days,
      service.deployment_frequency.class,
      service.incidents,
      service.recovery.unresolved,
      formatMinutes(service.recovery.mean_minutes),
      formatMinutes(service.recovery.median_minutes),
    ]),
    { wide: true },
  );
  const note = shown.length < entries.length
    ? markup`<p class="note">Showing the ${formatValue(shown.length)} busiest of ${
      formatValue(entries.length)
    } services.</p>`
    : "";
  return markup`${note}${table}`;
}

function rejectedTable(summary: Summary): SafeHtml {
  const rejected = summary.events.rejected;
  if (!rejected.length) return markup`<p>No rows were rejected.</p>`;
  const shown = rejected.slice(0, REJECTED_ROWS_SHOWN);
  const count = shown.length < rejected.length
    ? `${formatValue(rejected.length)} rows were rejected; the first ${
      formatValue(shown.length)
    } are listed.`
    : `${formatValue(rejected.length)} ${
      rejected.length === 1 ? "row was" : "rows were"
    } rejected.`;
  return markup`<p>${count}</p>${
    htmlTable(
      ["file", { label: "line", numeric: true }, "reason"],
      shown.map((row) => [row.file, row.line, row.reason]),
    )
  }`;
}

/** Markup that must not appear in a tag of an inlined SVG: scripts, handlers, external references. */
const UNSAFE_TAG =
  /^<(?:script|foreignObject|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*["']?(?!#)[a-z][a-z0-9+.-]*:|url\(\s*['"]?(?!#)[a-z][a-z0-9+.-]*:/i;

/**
 * Inlines a chart SVG after checking every tag for scripts and external references. Only tags
 * are checked: text in the SVG is escaped, so a service named `onload=…` is harmless text.
 */
function inlineSvg(chart: ReportChart): SafeHtml {
  // Our charts are already well-formed; a chart from elsewhere gets the same visible escapes.
  const svg = visibleText(chart.svg.replace(/^<\?xml[^>]*>\s*/, ""));
  const tags = svg.match(/<[^>]*>/g) ?? [];
  if (!svg.startsWith("<svg") || tags.some((tag) => UNSAFE_TAG.test(tag))) {
    throw new Error(
      `chart ${
        JSON.stringify(chart.id)
      } is not a self-contained SVG (script or external reference)`,
    );
  }
  // HTML puts inline <svg> in the SVG namespace by itself; dropping the namespace URI leaves the
  // page with no "http:" string at all.
  return trustedHtml(
    svg.replace(/^(<svg\b[^>]*?)\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, "$1"),
  );
}

function anchor(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * The report page. `charts` are inlined in order; `sections` follow the key metrics.
 *
 * @example A scorecard and a note after the key metrics, their text escaped
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { markup } from "./escape_html.ts";
 * import { htmlTable, renderReport } from "./html.ts";
 * const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
 * const page = renderReport(summary, {
 *   sections: [
 *     { id: "scorecard", title: "Scorecard", body: htmlTable(["metric", "level"], [["recovery", "Elite"]]) },
 *     { id: "notes", title: "Notes", body: markup`<p>${"a < b"}</p>` },
 *   ],
 * });
 * assert.ok(page.startsWith("<!DOCTYPE html>") && !page.includes("<script"));
 * const ids = [...page.matchAll(/<section id="([^"]+)"/g)].map((match) => match[1]);
 * assert.deepEqual(ids, ["key-metrics", "scorecard", "notes", "by-service", "rejected"]);
 * assert.ok(page.includes("<p>a &lt; b</p>"));
 * ```
 */
export function renderReport(
  summary: Summary,
  { charts = [], sections: extraSections = [], title: pageTitle }: ReportOptions = {},
): string {
  const title = pageTitle ?? "Delivery performance (DORA metrics)";
  const { window } = summary;
  const sections = extraSections.map((section) =>
    markup`<section id="${anchor(section.id)}"><h2>${section.title}</h2>${section.body}</section>`
  );
  const body = markup`<header>
<h1>${title}</h1>
<p class="lead">${window.start} to ${window.end}, ${
    formatValue(window.days)
  } days (${window.timezone}). Source: ${sourceText(summary)}.</p>
</header>
<section id="key-metrics"><h2>Key metrics</h2>${keyMetrics(summary)}</section>
${sections}
${
    charts.length
      ? markup`<section id="charts"><h2>Charts</h2>${charts.map(svgFigure)}</section>`
      : ""
  }
<section id="by-service"><h2>By service</h2>${serviceTable(summary)}</section>
<section id="rejected"><h2>Rejected rows</h2>${rejectedTable(summary)}</section>`;
  return htmlPage(title, body);
}

/**
 * A chart as a figure, its SVG inlined after the safety check.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { svgFigure } from "./html.ts";
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10"><title>a &lt; b</title></svg>';
 * assert.equal(
 *   svgFigure({ id: "demo chart", title: "A <demo>", svg }).html,
 *   '<figure id="figure-demo_chart" aria-label="A &lt;demo&gt;"><svg width="10"><title>a &lt; b</title></svg></figure>',
 * );
 * const script = "<svg><script>alert(1)</script></svg>";
 * assert.throws(() => svgFigure({ id: "x", title: "x", svg: script }), /not a self-contained SVG/);
 * ```
 */
export function svgFigure(chart: ReportChart): SafeHtml {
  return markup`<figure id="figure-${anchor(chart.id)}" aria-label="${chart.title}">${
    inlineSvg(chart)
  }</figure>`;
}
