/**
 * One run of the project's data flow: events → typed DataFrame → used and rejected rows → the
 * window → metric frames. The CLI, the notebook and the benchmarks all start here.
 *
 * @module
 */
import pl from "nodejs-polars";
import { applyEventRules, usedEvents } from "../core/event_rules.ts";
import { type EventRecord, eventsFromRecords } from "../core/events.ts";
import {
  generateEvents,
  type GeneratorProfile,
  SYNTHETIC_START_DATE,
} from "../synthetic/generator.ts";
import type { Scenario } from "../synthetic/scenario.ts";
import { sortedByTime } from "../metrics/aggregate.ts";
import { attributeIncidents, DEFAULT_ATTRIBUTION_WINDOW_MS } from "../metrics/change_failure.ts";
import { deploysPerDay } from "../metrics/deploys_per_day.ts";
import { incidentsFrame, incidentSpansFrame } from "../metrics/recovery.ts";
import { parseRows } from "../ingest/parse_rows.ts";
import { type ReadOptions, scanSources } from "../ingest/read_events.ts";
import { fixedWindow, type ReportWindow, splitByWindow, windowForEvents } from "../core/window.ts";

/** A nodejs-polars DataFrame: the frames an {@link Analysis} holds. */
export type DataFrame = pl.DataFrame;

/** Where the events come from: a synthetic universe, or files. */
export type EventSource = SyntheticSource | FileSource;

/** Generated events: a seed, a number of days and a team profile. */
export interface SyntheticSource {
  /** Marks the synthetic source. */
  kind: "synthetic";
  /** The seed every random draw derives from. */
  seed: number;
  /** Days of events, from {@link SYNTHETIC_START_DATE}. */
  days: number;
  /** The generator profile; default: the mixed team. */
  profile?: GeneratorProfile;
  /** The profile's name for the summary; absent for the mixed team. */
  profileName?: string;
  /** What to change about the universe (batch size, a failure shock, faster recovery); none by default. */
  scenario?: Scenario;
}

/** Events read from CSV, NDJSON or JSON files. */
export interface FileSource {
  /** Marks the file source. */
  kind: "file";
  /** The files, read in order as one stream. */
  files: string[];
  /** How the files are read (column names, vendor formats). */
  read?: ReadOptions;
}

/** How the events are bucketed, windowed and attributed. */
export interface AnalysisOptions {
  /** IANA zone for day buckets. Default UTC. */
  timeZone?: string;
  /** First local date of the window (ingested data only). */
  start?: string;
  /** Last local date of the window (ingested data only). */
  end?: string;
  /** Window length in days from `start` or the first event's day (ingested data only). */
  days?: number;
  /** How far back an incident's cause is inferred, in ms; null turns inference off. Default 24 h. */
  attributionWindowMs?: number | null;
}

/** One analysis: the window, the used and rejected rows, and the metric frames. */
export interface Analysis {
  /** Where the events came from. */
  source: EventSource;
  /** Names that `file` indexes point to in reasons and rejected rows. */
  sourceNames: string[];
  /** The report window. */
  window: ReportWindow;
  /** Rows read from the source. */
  read: number;
  /** Every event that passed the rules, inside the window or not, in stream order (built on demand). */
  readonly used: DataFrame;
  /** The used events inside the window, in stream order (built on demand, for display). */
  readonly events: DataFrame;
  /** How many used events are inside the window. */
  eventsInWindow: number;
  /** The window's deploys, with their calendar `day` index. */
  deploys: DataFrame;
  /** Every used deploy, inside the window or outside it: what an incident can be linked to. */
  allDeploys: DataFrame;
  /** How far back an incident's cause was inferred, in ms; null when inference was off. */
  attributionWindowMs: number | null;
  /** Every used incident, inside the window or before it: `id`, `service`, `start`, `resolved`. */
  incidentSpans: DataFrame;
  /** Used events outside an explicit window. */
  outside: number;
  /** `file` (name), `line`, `reason`, in file and line order. */
  rejected: DataFrame;
  /** Rows left out on purpose: `file` (name), `line`, `filtered_by`, `reason`, in file and line order. */
  filtered: DataFrame;
  /** The incidents that start in the window, with their cause (`caused_by`, `cause`). */
  incidents: DataFrame;
  /** Deploys per calendar day of the window, 0 on days without one. */
  deploysPerDay: DataFrame;
}

/** No events and no window to report on. */
export class NoEventsError extends Error {
  /** The error for an analysis without events; `rejected` are the rows that were not used. */
  constructor(readonly rejected: DataFrame) {
    super(
      `no usable events${
        rejected.height ? ` (${rejected.height} rows rejected)` : ""
      }, and no --start/--end window to report on`,
    );
    this.name = "NoEventsError";
  }
}

function namedRejections(rejected: pl.DataFrame, sourceNames: readonly string[]): pl.DataFrame {
  // Rows that share a line keep their input order, so the output never depends on the sort.
  return rejected.sort({ by: ["file", "line"], maintainOrder: true }).select(
    pl.col("file").cast(pl.Utf8).replace(sourceNames.map((_, index) => String(index)), [
      ...sourceNames,
    ]).alias("file"),
    pl.col("line"),
    pl.col("reason"),
  );
}

/** The filtered rows with their file's name; none when there are none. */
function namedFiltered(
  filtered: pl.DataFrame | undefined,
  sourceNames: readonly string[],
): pl.DataFrame {
  if (!filtered) {
    return pl.DataFrame({
      file: pl.Series("file", [], pl.Utf8),
      line: pl.Series("line", [], pl.Int64),
      filtered_by: pl.Series("filtered_by", [], pl.Utf8),
      reason: pl.Series("reason", [], pl.Utf8),
    });
  }
  return filtered.sort(["file", "line"]).withColumns(
    pl.col("file").cast(pl.Utf8).replace(sourceNames.map((_, index) => String(index)), [
      ...sourceNames,
    ]).alias("file"),
  );
}

/** The parsed rows of a source, and how to window and attribute them. */
interface Parsed {
  sourceNames: string[];
  /** Rows read from the source. */
  read: number;
  typed: pl.DataFrame;
  parseRejected: pl.DataFrame;
  /** Rows an adapter's rule or a filter flag left out (`file` index, `line`, `filtered_by`, `reason`). */
  filtered?: pl.DataFrame;
  windowOf: (used: readonly pl.DataFrame[]) => ReportWindow | null;
  attributionWindowMs: number | null;
}

function finish(source: EventSource, parsed: Parsed): Analysis {
  const { sourceNames, read, typed, parseRejected, windowOf, attributionWindowMs } = parsed;
  const ruled = applyEventRules(typed, sourceNames);
  const rejected = namedRejections(pl.concat([parseRejected, ruled.rejected]), sourceNames);
  const window = windowOf([ruled.deploys, ruled.starts, ruled.resolves]);
  if (!window) throw new NoEventsError(rejected);
  const inside = splitByWindow(ruled, window);
  // Deploys in time order once, for every as-of join after (attribution, rework, charts).
  const deploys = sortedByTime(inside.deploys);
  const allDeploys = deploys.height === ruled.deploys.height ? deploys : ruled.deploys;
  // Deploys before the window can be a cause too.
  const incidents = attributeIncidents(
    incidentsFrame(inside.starts, inside.resolves, { window }),
    allDeploys,
    { attributionWindowMs },
  );
  // When every incident starts in the window, its spans are the window's incidents: no second
  // pairing of starts and resolves.
  const incidentSpans = inside.starts.height === ruled.starts.height
    ? incidents.select("id", "service", "start", "resolved")
    : incidentSpansFrame(ruled.starts, ruled.resolves);
  let used: pl.DataFrame | undefined;
  let events: pl.DataFrame | undefined;
  return {
    source,
    sourceNames,
    window,
    read,
    get used() {
      return used ??= usedEvents(ruled);
    },
    get events() {
      return events ??= usedEvents(inside);
    },
    eventsInWindow: inside.deploys.height + inside.starts.height + inside.resolves.height,
    deploys,
    allDeploys,
    attributionWindowMs,
    incidentSpans,
    outside: inside.outside,
    rejected,
    filtered: namedFiltered(parsed.filtered, sourceNames),
    incidents,
    deploysPerDay: deploysPerDay(deploys, window),
  };
}

/**
 * Analyzes a synthetic universe or the given files.
 *
 * @example Two weeks of a synthetic universe
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "./analysis.ts";
 *
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * assert.equal(analysis.window.days, 14);
 * assert.equal(analysis.rejected.height, 0);
 * assert.equal(analysis.deploysPerDay.height, 14);
 * assert.ok(analysis.deploys.height > 0);
 * ```
 */
export function analyze(source: EventSource, options: AnalysisOptions = {}): Analysis {
  const timeZone = options.timeZone ?? "UTC";
  if (source.kind === "synthetic") {
    const records = generateEvents({
      seed: source.seed,
      days: source.days,
      timeZone,
      profile: source.profile,
      scenario: source.scenario,
    });
    const window = fixedWindow(SYNTHETIC_START_DATE, source.days, { timeZone });
    return finish(source, {
      sourceNames: ["synthetic"],
      read: records.length,
      typed: eventsFromRecords(records),
      parseRejected: emptyRejections(),
      windowOf: () => window,
      attributionWindowMs: attributionWindowOf(options),
    });
  }
  const { events, rejected, read, filtered } = parseRows(
    scanSources(source.files, source.read),
    source.files.length,
  );
  return finish(source, {
    sourceNames: [...source.files],
    read,
    typed: events,
    parseRejected: rejected,
    filtered,
    windowOf: ingestedWindow(options),
    attributionWindowMs: attributionWindowOf(options),
  });
}

/** The window of ingested events: the options' bounds, else the events' first and last days. */
function ingestedWindow(options: AnalysisOptions) {
  return (used: readonly pl.DataFrame[]) =>
    windowForEvents(used, {
      start: options.start,
      end: options.end,
      days: options.days,
      timeZone: options.timeZone ?? "UTC",
    });
}

function attributionWindowOf(options: AnalysisOptions): number | null {
  return options.attributionWindowMs === undefined
    ? DEFAULT_ATTRIBUTION_WINDOW_MS
    : options.attributionWindowMs;
}

/**
 * Analyzes hand-written events, as one file named `events`: the tests' and examples' entry.
 *
 * @example A deploy and an incident it caused
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "./analysis.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + 600_000, type: "incident_start", id: "i1", service: "api" },
 * ]);
 * assert.equal(analysis.window.start, "2024-01-01");
 * assert.equal(analysis.eventsInWindow, 2);
 * assert.deepEqual(analysis.incidents.getColumn("caused_by").toArray(), ["d1"]);
 * ```
 */
export function analyzeRecords(
  records: readonly EventRecord[],
  options: AnalysisOptions = {},
): Analysis {
  return finish({ kind: "file", files: ["events"] }, {
    sourceNames: ["events"],
    read: records.length,
    typed: eventsFromRecords(records),
    parseRejected: emptyRejections(),
    windowOf: ingestedWindow(options),
    attributionWindowMs: attributionWindowOf(options),
  });
}

function emptyRejections(): pl.DataFrame {
  return pl.DataFrame({
    file: pl.Series("file", [], pl.Int32),
    line: pl.Series("line", [], pl.Int64),
    reason: pl.Series("reason", [], pl.Utf8),
  });
}
