/**
 * One run of the project's data flow: events → typed DataFrame → used and rejected rows → the
 * window → metric frames. The CLI, the notebook and the benchmarks all start here.
 *
 * @example
 * ```ts
 * import { analyze } from "./analysis.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * console.assert(analysis.window.days === 14 && analysis.rejected.height === 0);
 * ```
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
import { sortedByTime } from "../metrics/aggregate.ts";
import { attributeIncidents, DEFAULT_ATTRIBUTION_WINDOW_MS } from "../metrics/change_failure.ts";
import { deploysPerDay } from "../metrics/deploys_per_day.ts";
import { incidentsFrame, incidentSpansFrame } from "../metrics/recovery.ts";
import { parseRows } from "../ingest/parse_rows.ts";
import { type ReadOptions, scanSources } from "../ingest/read_events.ts";
import { fixedWindow, type ReportWindow, splitByWindow, windowForEvents } from "../core/window.ts";

export type EventSource =
  | {
    kind: "synthetic";
    seed: number;
    days: number;
    profile?: GeneratorProfile;
    profileName?: string;
  }
  | { kind: "file"; files: string[]; read?: ReadOptions };

export interface AnalysisOptions {
  /** IANA zone for day buckets. Default UTC. */
  timeZone?: string;
  /** First and last local date of the window (ingested data only). */
  start?: string;
  end?: string;
  /** Window length in days from `start` or the first event's day (ingested data only). */
  days?: number;
  /** How far back an incident's cause is inferred, in ms; null turns inference off. Default 24 h. */
  attributionWindowMs?: number | null;
}

export interface Analysis {
  source: EventSource;
  /** Names that `file` indexes point to in reasons and rejected rows. */
  sourceNames: string[];
  window: ReportWindow;
  /** Rows read from the source. */
  read: number;
  /** Every event that passed the rules, inside the window or not, in stream order (built on demand). */
  readonly used: pl.DataFrame;
  /** The used events inside the window, in stream order (built on demand, for display). */
  readonly events: pl.DataFrame;
  /** How many used events are inside the window. */
  eventsInWindow: number;
  /** The window's deploys, with their calendar `day` index. */
  deploys: pl.DataFrame;
  /** Every used incident, inside the window or before it: `id`, `service`, `start`, `resolved`. */
  incidentSpans: pl.DataFrame;
  /** Used events outside an explicit window. */
  outside: number;
  /** `file` (name), `line`, `reason`, in file and line order. */
  rejected: pl.DataFrame;
  incidents: pl.DataFrame;
  deploysPerDay: pl.DataFrame;
}

/** No events and no window to report on. */
export class NoEventsError extends Error {
  constructor(readonly rejected: pl.DataFrame) {
    super(
      `no usable events${
        rejected.height ? ` (${rejected.height} rows rejected)` : ""
      }, and no --start/--end window to report on`,
    );
    this.name = "NoEventsError";
  }
}

function namedRejections(rejected: pl.DataFrame, sourceNames: readonly string[]): pl.DataFrame {
  return rejected.sort(["file", "line"]).select(
    pl.col("file").cast(pl.Utf8).replace(sourceNames.map((_, index) => String(index)), [
      ...sourceNames,
    ]).alias("file"),
    pl.col("line"),
    pl.col("reason"),
  );
}

function finish(
  source: EventSource,
  sourceNames: string[],
  read: number,
  typed: pl.DataFrame,
  parseRejected: pl.DataFrame,
  windowOf: (used: readonly pl.DataFrame[]) => ReportWindow | null,
  attributionWindowMs: number | null,
): Analysis {
  const ruled = applyEventRules(typed, sourceNames);
  const rejected = namedRejections(pl.concat([parseRejected, ruled.rejected]), sourceNames);
  const window = windowOf([ruled.deploys, ruled.starts, ruled.resolves]);
  if (!window) throw new NoEventsError(rejected);
  const inside = splitByWindow(ruled, window);
  // Deploys in time order once, for every as-of join after (attribution, rework, charts).
  const deploys = sortedByTime(inside.deploys);
  const allDeploys = deploys.height === ruled.deploys.height ? deploys : ruled.deploys;
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
    incidentSpans: incidentSpansFrame(ruled.starts, ruled.resolves),
    outside: inside.outside,
    rejected,
    // Deploys before the window can be a cause too.
    incidents: attributeIncidents(
      incidentsFrame(inside.starts, inside.resolves, window),
      allDeploys,
      attributionWindowMs,
    ),
    deploysPerDay: deploysPerDay(deploys, window),
  };
}

/** Analyzes a synthetic universe or the given files. */
export function analyze(source: EventSource, options: AnalysisOptions = {}): Analysis {
  const timeZone = options.timeZone ?? "UTC";
  if (source.kind === "synthetic") {
    const records = generateEvents({
      seed: source.seed,
      days: source.days,
      timeZone,
      profile: source.profile,
    });
    const window = fixedWindow(SYNTHETIC_START_DATE, source.days, { timeZone });
    return finish(
      source,
      ["synthetic"],
      records.length,
      eventsFromRecords(records),
      emptyRejections(),
      () => window,
      attributionWindowOf(options),
    );
  }
  const { events, rejected, read } = parseRows(
    scanSources(source.files, source.read),
    source.files.length,
  );
  return finish(
    source,
    [...source.files],
    read,
    events,
    rejected,
    ingestedWindow(options),
    attributionWindowOf(options),
  );
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

/** Analyzes hand-written events, as one file named `events`: the tests' and examples' entry. */
export function analyzeRecords(
  records: readonly EventRecord[],
  options: AnalysisOptions = {},
): Analysis {
  return finish(
    { kind: "file", files: ["events"] },
    ["events"],
    records.length,
    eventsFromRecords(records),
    emptyRejections(),
    ingestedWindow(options),
    attributionWindowOf(options),
  );
}

function emptyRejections(): pl.DataFrame {
  return pl.DataFrame({
    file: pl.Series("file", [], pl.Int32),
    line: pl.Series("line", [], pl.Int64),
    reason: pl.Series("reason", [], pl.Utf8),
  });
}
