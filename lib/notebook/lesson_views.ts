/**
 * The notebook's views beyond single frames: the stream rules on a hand-written example, the
 * notebook's numbers next to the pipeline's, the scorecard, two universes side by side, and the
 * check of an exercise's answer. Each returns a cell's last expression.
 *
 * @module
 */
import pl from "nodejs-polars";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { analyze, NoEventsError } from "../pipeline/analysis.ts";
import { eventsFromRecords } from "../core/events.ts";
import { summarize, type Summary } from "../pipeline/summary.ts";
import { escapeHtml } from "../report/escape_html.ts";
import { type Displayable, displayable, frameView } from "./frame_view.ts";
import { comparisonView, scorecardView } from "./display.ts";
import type { MimeBundle } from "./show.ts";
import { currentUniverse, step } from "./lesson.ts";

/** The name the hand-written example's rows go by in reasons and tables. */
export const EXAMPLE_FILE = "example.csv";

/** A hand-written stream after the rules: the rows used, and the rows rejected with reasons. */
export interface CheckedEvents {
  /** The used rows, in time order, bookkeeping columns included. */
  events: pl.DataFrame;
  /** `line` and `reason` of every rejected row (`line` 1 is the header). */
  rejected: pl.DataFrame;
}

/**
 * Runs the rules of the contract on CSV text typed into a cell: the same reading, checks and
 * stream rules as an events file, on a file named {@link EXAMPLE_FILE}. Line numbers count the
 * header as line 1; a first empty line (after the opening backtick) is not counted, and spaces
 * around each line are ignored.
 *
 * @example A duplicate and a resolve without a start
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkEvents } from "./lesson_views.ts";
 *
 * const { events, rejected } = checkEvents(`
 *   timestamp,type,id,service
 *   2024-01-01T10:00:00Z,deploy,d1,api
 *   2024-01-01T10:00:00Z,deploy,d1,api
 *   2024-01-01T11:00:00Z,incident_resolved,i9,api`);
 * assert.equal(events.height, 1);
 * assert.deepEqual(rejected.getColumn("line").toArray(), [3, 4]);
 * assert.match(rejected.getColumn("reason").get(0), /^duplicate/);
 * ```
 */
export function checkEvents(csv: string): CheckedEvents {
  const text = csv.replace(/^[ \t]*\r?\n/, "").split("\n").map((line) => line.trim()).join("\n");
  const dir = Deno.makeTempDirSync({ prefix: "dora-example-" });
  try {
    const path = join(dir, EXAMPLE_FILE);
    Deno.writeTextFileSync(path, text.endsWith("\n") ? text : `${text}\n`);
    // One file: its name would repeat on every row.
    const named = (rejected: pl.DataFrame) => rejected.select("line", "reason");
    try {
      const analysis = analyze({ kind: "file", files: [path] });
      const events = analysis.events;
      return {
        events: events.columns.includes("day") ? events.drop("day") : events,
        rejected: named(analysis.rejected),
      };
    } catch (error) {
      // Every row rejected: still worth showing, with why.
      if (!(error instanceof NoEventsError)) throw error;
      return { events: eventsFromRecords([]), rejected: named(error.rejected) };
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

const summaries = new WeakMap<object, Summary>();

/** The pipeline's summary of the loaded universe: what `deno task demo --json` prints. */
function pipelineSummary(): Summary {
  const { analysis } = currentUniverse();
  let summary = summaries.get(analysis);
  if (!summary) {
    summary = summarize(analysis);
    summaries.set(analysis, summary);
  }
  return summary;
}

function number(value: unknown): number | null {
  return value == null || Number.isNaN(Number(value)) ? null : Number(value);
}

function shown(value: number | string | null, digits: number): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** One step's first row, by name. */
function first(name: string): Record<string, unknown> {
  const frame = step[name] as pl.DataFrame;
  return frame.toRecords()[0] ?? {};
}

/**
 * The notebook's numbers next to the pipeline's (`deno task demo --json` on the same events), one
 * row per headline number: `metric`, `notebook`, `pipeline`, `same`. The notebook's come from the
 * steps of sections 2 to 6, so a trainee who changed a step sees where their numbers part.
 */
export function agreement(): Displayable {
  const summary = pipelineSummary();
  const perDay = step.perDay as pl.DataFrame;
  const days = perDay.select(pl.col("date").cast(pl.Utf8), "deploys").toRecords()
    .map((row) => `${row.date}:${row.deploys}`);
  const pipelineDays = summary.deploys_per_day.map((day) => `${day.date}:${day.deploys}`);
  const frequency = first("frequency");
  const picked = (step.frequencyRules as pl.DataFrame).filter(pl.col("picked"));
  const recovery = first("recovery");
  const changeFailure = first("changeFailure");
  const leadTime = first("leadTime");
  const rows: [string, number | string | null, number | string | null, number][] = [
    ["days in the window", days.length, pipelineDays.length, 0],
    [
      "days whose deploys differ",
      days.filter((day, index) => day !== pipelineDays[index]).length +
      Math.abs(days.length - pipelineDays.length),
      0,
      0,
    ],
    ["deploys", number(frequency.deploys), summary.deployment_frequency.deploys, 0],
    ["deploys per day", number(frequency.per_day), summary.deployment_frequency.per_day, 3],
    [
      "frequency class",
      String(picked.getColumn("class").toArray()[0] ?? "null"),
      summary.deployment_frequency.class,
      0,
    ],
    ["MTTR (mean), minutes", number(recovery.mean_minutes), summary.recovery.mean_minutes, 1],
    [
      "median recovery, minutes",
      number(recovery.median_minutes),
      summary.recovery.median_minutes,
      1,
    ],
    ["change failure rate", number(changeFailure.rate), summary.change_failure_rate.rate, 3],
    [
      "median lead time, minutes",
      number(leadTime.median_minutes),
      summary.lead_time.median_minutes,
      1,
    ],
  ];
  const frame = pl.DataFrame({
    metric: rows.map(([metric]) => metric),
    notebook: rows.map(([, mine, , digits]) => shown(mine, digits)),
    pipeline: rows.map(([, , theirs, digits]) => shown(theirs, digits)),
    same: rows.map(([, mine, theirs]) => mine === theirs),
  });
  return frameView(frame, {
    caption: "The notebook's numbers and deno task demo's, on the same events",
    universe: currentUniverse().label,
    timeZone: currentUniverse().analysis.window.timeZone,
    view: "agreement",
  });
}

function shownBundle(bundle: MimeBundle): Displayable {
  return displayable({
    "text/plain": bundle["text/plain"],
    "text/html": bundle["text/html"] ?? "",
  });
}

/** The five DORA metrics of the loaded universe with value, unit and level of `reportYear`. */
export function scorecard({ reportYear }: { reportYear: number }): Displayable {
  return shownBundle(scorecardView(summarize(currentUniverse().analysis, { reportYear })));
}

/** What {@link compare} draws. */
export interface CompareParameters {
  /** `COMPARE`: seeds (`42,7`), profiles (`elite,low`) or both (`elite:1,low:1`). */
  universes: string;
  /** `SEED`: the universe that a profile-only list (`elite,low`) uses. */
  seed: number;
  /** `PROFILE`: the team that a seed-only list (`42,7`) uses. */
  profile: string;
  /** `DAYS`. */
  days: number;
  /** `REPORT_YEAR`. */
  reportYear: number;
}

/** Universes side by side: a scorecard column each, and their charts on shared y scales. */
export function compare(parameters: CompareParameters): Displayable {
  return shownBundle(comparisonView({ ...parameters, document: new JSDOM("").window.document }));
}

/** The answers {@link checkAnswer} knows, from the pipeline's summary of the loaded universe. */
export const ANSWERS: Readonly<Record<string, (summary: Summary) => number | null>> = {
  "change failure rate": (summary) => summary.change_failure_rate.rate,
  "median recovery minutes": (summary) => summary.recovery.median_minutes,
  "mean recovery minutes": (summary) => summary.recovery.mean_minutes,
  "median lead time minutes": (summary) => summary.lead_time.median_minutes,
  "deploys": (summary) => summary.deployment_frequency.deploys,
  "days without a deploy": (summary) =>
    summary.deploys_per_day.filter((day) => day.deploys === 0).length,
};

/**
 * Checks an exercise's answer against the pipeline's number for the loaded universe: ✓ when they
 * agree (to nine significant digits), ✗ with the number to reach otherwise, and a reminder while
 * the answer is still `null`. A one-row frame or series counts as its first value.
 */
export function checkAnswer(question: string, answer: unknown): Displayable {
  const expectedOf = ANSWERS[question];
  if (!expectedOf) {
    throw new RangeError(
      `no answer known for ${JSON.stringify(question)}; the questions are ${
        Object.keys(ANSWERS).map((name) => JSON.stringify(name)).join(", ")
      }`,
    );
  }
  const { label } = currentUniverse();
  const expected = expectedOf(pipelineSummary());
  let value = answer;
  if (value && typeof value === "object") {
    const frame = value as {
      toRecords?: () => Record<string, unknown>[];
      toArray?: () => unknown[];
    };
    value = frame.toRecords ? Object.values(frame.toRecords()[0] ?? {})[0] : frame.toArray?.()[0];
  }
  let text: string;
  let verdict: string;
  if (value === null || value === undefined) {
    verdict = "open";
    text = `Not answered yet: replace null with your polars, then run the cell again.`;
  } else {
    const mine = Number(value);
    const same = expected === null
      ? false
      : Math.abs(mine - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
    verdict = same ? "right" : "wrong";
    text = same
      ? `✓ ${mine} is the ${question} of ${label}.`
      : `✗ ${mine} is not the ${question} of ${label}: the pipeline gets ${expected}. ` +
        `Compare your steps with the section's cells.`;
  }
  return displayable({
    "text/plain": text,
    "text/html": `<div class="dora-view" data-view="answer"><p class="answer ${verdict}">${
      escapeHtml(text)
    }</p></div>`,
  });
}
