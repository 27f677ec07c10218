/**
 * What the training notebook shows, as MIME bundles for {@link show}: the source line, a sample of
 * the events, the counts per type, each chart, the recovery table, the key metrics and the DORA
 * scorecard. The notebook's cells only call these, so everything it displays is tested here.
 *
 * Every view is `text/html` plus a `text/plain` fallback. HTML is built with `markup` and
 * `htmlTable`, which escape every input string (service names, ids, file names, reasons); plain
 * text goes through `printable`, so control characters from input cannot drive a terminal. Charts
 * are sent as `text/html` (a `<figure>` around the inline SVG) because nbconvert 6.5 empties
 * `image/svg+xml` outputs. Each view is wrapped in `<div class="dora-view" data-view="…">`, so a
 * handout can be checked for completeness view by view.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Analysis } from "../pipeline/analysis.ts";
import { compareUniverses, parseUniverses } from "../pipeline/universes.ts";
import { compareViews, comparisonScorecardRows } from "../report/comparison.ts";
import { markup, type SafeHtml } from "../report/escape_html.ts";
import { EVENT_TYPES } from "../core/events.ts";
import { floorToMillis } from "../core/instants.ts";
import type { MimeBundle } from "./show.ts";
import type { RenderedChart } from "../charts/render.ts";
import { type CellValue, htmlTable, keyMetrics, svgFigure } from "../report/html.ts";
import { humanDuration } from "../core/duration.ts";
import { scorecard, scorecardLines } from "../report/scorecard.ts";
import { scorecardSection } from "../report/scorecard_section.ts";
import { isoInstant, type Summary } from "../pipeline/summary.ts";
import { printable, textSummary } from "../report/text_summary.ts";

/** Incidents listed in the recovery table; the total is always stated. */
export const RECOVERY_ROWS_SHOWN = 25;
/** Rejected rows listed under the event counts; the total is always stated. */
export const REJECTED_ROWS_SHOWN = 10;

/** A view's two renderings. */
interface ViewContent {
  html: SafeHtml;
  plain: string;
}

function view(name: string, { html, plain }: ViewContent): MimeBundle {
  return {
    "text/html": markup`<div class="dora-view" data-view="${name}">${html}</div>`.html,
    "text/plain": plain,
  };
}

/** Aligned plain-text columns; input strings are made printable. */
function plainTable(columns: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  const text = (value: CellValue) =>
    value == null ? "–" : typeof value === "number" ? String(value) : printable(String(value));
  const cells = [columns.map(String), ...rows.map((row) => row.map(text))];
  const widths = columns.map((_, index) => Math.max(...cells.map((row) => row[index].length)));
  return cells.map((row) =>
    row.map((cell, index) => cell.padEnd(widths[index])).join("  ").trimEnd()
  )
    .join("\n");
}

/** "2024-01-02 11:15 UTC" for an instant, or null. */
function utcMinute(value: unknown): string | null {
  const iso = isoInstant(value);
  return iso === null ? null : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function roundTo(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Where the events came from, the window, and what was read, used and rejected. */
export function sourceNote(analysis: Analysis): MimeBundle {
  const { source, window } = analysis;
  const origin = source.kind === "synthetic"
    ? `Synthetic events, seed ${source.seed}${
      source.profileName ? `, profile ${source.profileName}` : ""
    }`
    : `Events from ${source.files.join(", ")}`;
  const text =
    `${origin}: ${window.days} days, ${window.start} to ${window.end} (${window.timeZone}). ` +
    `${analysis.read} rows read, ${analysis.events.height} events used, ${analysis.rejected.height} rejected, ` +
    `${analysis.outside} outside the window.`;
  return view("source", { html: markup`<p class="lead">${text}</p>`, plain: printable(text) });
}

/** The first `rows` events of the window, in time order, as they entered the metrics. */
export function eventSample(analysis: Analysis, rows = 8): MimeBundle {
  const columns = [
    "timestamp (UTC)",
    "type",
    "id",
    "service",
    "deploy_id",
    "commit_timestamp (UTC)",
  ];
  // Instants reach JavaScript as dates rounded down to the millisecond, before 1970 too.
  const head = analysis.events.head(rows).withColumns(
    floorToMillis(pl.col("timestamp")),
    floorToMillis(pl.col("commit_timestamp")),
  );
  const records = head.toRecords().map((row) => [
    utcMinute(row.timestamp),
    String(row.type),
    String(row.id ?? ""),
    String(row.service ?? ""),
    (row.deploy_id ?? null) as string | null,
    utcMinute(row.commit_timestamp),
  ]);
  const caption = `The first ${records.length} of ${analysis.events.height} events`;
  return view("event-sample", {
    html: htmlTable(columns, records, { caption, wide: true }),
    plain: `${caption}\n${plainTable(columns, records)}`,
  });
}

/**
 * Events per type in the window, what was read, and the first rejected rows with their reasons.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { eventCounts } from "./display.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const counts = eventCounts(analyzeRecords([
 *   { timestamp: t, type: "incident_start", id: "a", service: "<api>" },
 *   { timestamp: t + 1, type: "deploy", service: "api" },
 * ]));
 * assert.match(counts["text/plain"], /^incident_start\s+1$/m);
 * assert.match(counts["text/html"]!, /^<div class="dora-view" data-view="event-counts">/);
 * ```
 */
export function eventCounts(analysis: Analysis): MimeBundle {
  const perType = new Map(
    analysis.events.groupBy("type").agg(pl.len().alias("events")).toRecords()
      .map((row) => [String(row.type), Number(row.events)]),
  );
  const rows: [string, number][] = [
    ...EVENT_TYPES.map((type): [string, number] => [type, perType.get(type) ?? 0]),
    ["used in the window", analysis.events.height],
    ["outside the window", analysis.outside],
    ["rejected", analysis.rejected.height],
    ["read", analysis.read],
  ];
  const counts = htmlTable(["events", { label: "count", numeric: true }], rows, {
    caption: "Events per type",
  });
  const rejected = analysis.rejected.head(REJECTED_ROWS_SHOWN).toRecords()
    .map((row): CellValue[] => [String(row.file), Number(row.line), String(row.reason)]);
  const rejectedCaption =
    `Rejected rows: the first ${rejected.length} of ${analysis.rejected.height}`;
  const html = rejected.length
    ? markup`${counts}${
      htmlTable(["file", { label: "line", numeric: true }, "reason"], rejected, {
        caption: rejectedCaption,
      })
    }`
    : counts;
  const plain = plainTable(["events", "count"], rows) +
    (rejected.length
      ? `\n${rejectedCaption}\n${plainTable(["file", "line", "reason"], rejected)}`
      : "");
  return view("event-counts", { html, plain });
}

/**
 * One chart (by id, e.g. `timeline`) as a `<figure>` with its SVG inline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { renderCharts } from "../charts/render.ts";
 * import { chartView } from "./display.ts";
 *
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const charts = renderCharts(analysis, summarize(analysis), {
 *   document: new JSDOM("").window.document,
 * });
 * const timeline = chartView(charts, "timeline");
 * assert.match(timeline["text/html"]!, /data-view="chart-timeline"><figure[^>]*>[\s\S]*<svg/);
 * assert.throws(() => chartView(charts, "nope"), /no chart "nope"/);
 * ```
 */
export function chartView(charts: readonly RenderedChart[], id: string): MimeBundle {
  const chart = charts.find((candidate) => candidate.id === id);
  if (!chart) {
    throw new Error(
      `no chart ${JSON.stringify(id)}; the charts are ${charts.map((c) => c.id).join(", ")}`,
    );
  }
  return view(`chart-${id}`, { html: svgFigure(chart), plain: `[chart] ${chart.title}` });
}

/** Recovery time per incident, then the mean (MTTR) and the median over resolved incidents. */
export function recoveryView(summary: Summary, rowsShown = RECOVERY_ROWS_SHOWN): MimeBundle {
  const { incidents, recovery } = summary;
  const columns = [
    "incident",
    "service",
    "start",
    "resolved",
    "recovery (min)",
    "recovery",
    "caused by",
  ];
  const rows = incidents.slice(0, rowsShown).map((incident): CellValue[] => [
    incident.id,
    incident.service,
    utcMinute(Date.parse(incident.start)),
    incident.resolved === null ? "still open" : utcMinute(Date.parse(incident.resolved)),
    roundTo(incident.recovery_minutes, 1),
    incident.recovery_minutes === null ? null : humanDuration(incident.recovery_minutes),
    incident.caused_by,
  ]);
  const caption = rows.length < incidents.length
    ? `The first ${rows.length} of ${incidents.length} incidents`
    : `${incidents.length} ${incidents.length === 1 ? "incident" : "incidents"}`;
  const headline = `MTTR (mean) ${humanDuration(recovery.mean_minutes)}, median ${
    humanDuration(recovery.median_minutes)
  }; ${recovery.resolved} resolved, ${recovery.unresolved} still open (left out of both).`;
  const table = incidents.length
    ? htmlTable(
      columns.map((label) => label === "recovery (min)" ? { label, numeric: true } : label),
      rows,
      { caption, wide: true },
    )
    : markup`<p>No incidents in the window.</p>`;
  return view("recovery", {
    html: markup`${table}<p class="headline"><strong>${headline}</strong></p>`,
    plain: `${
      incidents.length
        ? `${caption}\n${plainTable(columns, rows)}\n`
        : "No incidents in the window.\n"
    }${headline}`,
  });
}

/** The report's key-metrics table: every headline number of the analysis. */
export function keyMetricsView(summary: Summary): MimeBundle {
  return view("key-metrics", {
    html: keyMetrics(summary),
    plain: printable(textSummary(summary)),
  });
}

/** The five DORA metrics with value, unit and level, and the report year beside every level. */
export function scorecardView(summary: Summary): MimeBundle {
  const section = scorecardSection(summary);
  return view("scorecard", {
    html: markup`<h3>${section.title}</h3>${section.body}`,
    plain: [section.title, ...scorecardLines(scorecard(summary))].join("\n"),
  });
}

export interface ComparisonParameters {
  /** The universes, as `--compare` takes them: `42,7`, `elite,low` or `elite:1,low:1`. */
  universes: string;
  seed: number;
  profile: string;
  days: number;
  reportYear: number;
  document: Document;
}

/**
 * Universes side by side: a scorecard with a column per universe, then each universe's
 * deployments-per-day and recovery charts on shared y scales.
 */
export function comparisonView(parameters: ComparisonParameters): MimeBundle {
  const { seed, profile, days, reportYear, document } = parameters;
  const universes = compareUniverses(parseUniverses(parameters.universes, { seed, profile }), {
    days,
    reportYear,
  });
  const comparison = compareViews(universes, { document });
  return view("comparison", {
    html: markup`<h3>${comparison.title}</h3>${comparison.body}`,
    plain: [
      comparison.title,
      plainTable(["metric", ...universes.map((u) => u.label)], comparisonScorecardRows(universes)),
    ]
      .join("\n"),
  });
}
