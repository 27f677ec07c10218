/**
 * The training notebook's working memory: the events it loaded (its "universe") and every step
 * it derived from them, kept under a name in {@link step}.
 *
 * Why a store instead of plain `const`s in the cells:
 * - **A cell run too early says which cell to run first.** `step.dated` before the cell that makes
 *   it throws "step.dated is not there yet: it is made in section 2 …", not
 *   `ReferenceError: dated is not defined`.
 * - **No silent stale state.** Loading events ({@link loadEvents}) forgets every step of the
 *   previous universe, so a table can never mix seed 42's deploys with seed 7's incidents, and
 *   every caption can name the one universe its data come from.
 * - **Re-running from an edited cell down just works:** a step is overwritten, never redeclared.
 *
 * {@link view} shows a DataFrame as a readable table (see `frame_view.ts`) captioned with the
 * universe, as a cell's last expression: no `await`, no timer.
 *
 * @module
 */
import type pl from "nodejs-polars";
import { basename } from "node:path";
import { type Analysis, analyze } from "../pipeline/analysis.ts";
import { type Displayable, displayable, frameView, JUPYTER_DISPLAY } from "./frame_view.ts";
import { notebookSource } from "./parameters.ts";
import { escapeHtml } from "../report/escape_html.ts";

/** What {@link loadEvents} loads: the parameters cell's values. */
export interface LoadParameters {
  /** `SEED`. */
  seed: number;
  /** `DAYS`. */
  days: number;
  /** `PROFILE`. */
  profile: string;
  /** `EVENTS_FILE`; empty for synthetic events. Relative paths start from the notebook's folder. */
  eventsFile: string;
  /** `TIME_ZONE`: the zone whose calendar days the report counts. */
  timeZone: string;
}

/** The events the notebook works on, and what the pipeline made of them. */
export interface Universe {
  /** Names the data in every caption: `seed 42, mixed team, 14 days, UTC`. */
  label: string;
  /** The parameters it was loaded with. */
  parameters: LoadParameters;
  /** The pipeline's own run on the same events: what `deno task demo` computes. */
  analysis: Analysis;
}

/** Which notebook section makes each step, for the message when a step is missing. */
export const STEP_SECTIONS: Readonly<Record<string, string>> = {
  events: "1. Events",
  window: "1. Events",
  rejected: "1. Events",
  perType: "1. Events",
  example: "1. Events",
  deploys: "2. Deployments per day",
  dated: "2. Deployments per day",
  counts: "2. Deployments per day",
  perDay: "2. Deployments per day",
  zeroDays: "2. Deployments per day",
  weeks: "3. Deployment frequency",
  frequency: "3. Deployment frequency",
  frequencyRules: "3. Deployment frequency",
  starts: "4. Recovery time",
  resolves: "4. Recovery time",
  incidents: "4. Recovery time",
  recoveries: "4. Recovery time",
  recovery: "4. Recovery time",
  byHand: "4. Recovery time",
  attributed: "5. Change failure rate",
  failed: "5. Change failure rate",
  failedIncidents: "5. Change failure rate",
  changeFailure: "5. Change failure rate",
  leadTimes: "6. Change lead time",
  leadTime: "6. Change lead time",
  failedRecovery: "9. Why tools disagree",
  definitions: "9. Why tools disagree",
};

/** A step used before the cell that makes it ran. */
export class MissingStepError extends Error {
  /** `message` says which cell makes the missing step. */
  constructor(message: string) {
    super(message);
    this.name = "MissingStepError";
    // The notebook shows the stack as the traceback: the message is all a trainee needs.
    this.stack = `${this.name}: ${message}`;
  }
}

let current: Universe | null = null;
const values = new Map<string, unknown>();

/** The message for a step that is not there. */
export function missingStepMessage(name: string): string {
  const section = STEP_SECTIONS[name];
  if (!current) {
    return `step.${name} is not there yet: no events are loaded. Run the parameters cell, ` +
      `then the first cell of section "1. Events" (or run the notebook from the top).`;
  }
  if (section) {
    return `step.${name} is not there yet: it is made in section "${section}", by the cell ` +
      `that starts "step.${name} =". Run that cell first (and the cells above it in that ` +
      `section), or run the notebook from the top.`;
  }
  const known = [...values.keys()];
  return `no cell has set step.${name}: check the name (steps so far: ${
    known.length ? known.join(", ") : "none"
  }), or run the cell that sets it first.`;
}

/** Names that tools probe on any object (promises, JSON, inspectors): they are never steps. */
const PROBED = new Set(["then", "toJSON", "constructor", "valueOf", "toString", "inspect"]);

/** A table of the steps so far: what `step` shows as a cell's last expression. */
function stepsOverview(): Displayable {
  const rows = [...values.entries()].map(([name, value]) => {
    const frame = value as { height?: number; width?: number };
    const shape = typeof frame?.height === "number"
      ? `${frame.height} rows × ${frame.width} columns`
      : typeof value;
    return `<tr><td>step.${escapeHtml(name)}</td><td>${escapeHtml(shape)}</td></tr>`;
  });
  const caption = current ? `Steps of ${current.label}` : "No events loaded yet";
  return displayable({
    "text/html": `<div class="dora-view" data-view="steps"><table class="frame"><caption>${
      escapeHtml(caption)
    }</caption><tbody>${rows.join("")}</tbody></table></div>`,
    "text/plain": [caption, ...values.keys()].join("\n"),
  });
}

/**
 * The notebook's steps by name: `step.perDay = onCalendar(step.counts, step.window)`. Reading a
 * step that no cell has made yet throws a {@link MissingStepError} naming the cell to run first.
 */
// deno-lint-ignore no-explicit-any
export const step: Record<string, any> = new Proxy({}, {
  get(_target, name) {
    if (name === JUPYTER_DISPLAY) return () => stepsOverview()[JUPYTER_DISPLAY]();
    if (typeof name === "symbol" || PROBED.has(name)) return undefined;
    if (!values.has(name)) throw new MissingStepError(missingStepMessage(name));
    return values.get(name);
  },
  set(_target, name, value) {
    if (typeof name === "symbol") return false;
    values.set(name, value);
    return true;
  },
  has(_target, name) {
    return typeof name === "string" && values.has(name);
  },
  deleteProperty(_target, name) {
    return typeof name === "string" && values.delete(name);
  },
  ownKeys() {
    return [...values.keys()];
  },
  getOwnPropertyDescriptor(_target, name) {
    return typeof name === "string" && values.has(name)
      ? { value: values.get(name), enumerable: true, configurable: true, writable: true }
      : undefined;
  },
});

/** The universe the steps belong to; throws when no events are loaded. */
export function currentUniverse(): Universe {
  if (!current) throw new MissingStepError(missingStepMessage("events"));
  return current;
}

function labelOf(parameters: LoadParameters, analysis: Analysis): string {
  const { window } = analysis;
  if (parameters.eventsFile.trim() !== "") {
    return `${basename(parameters.eventsFile.trim())}, ${window.start} to ${window.end}, ` +
      window.timeZone;
  }
  return `seed ${parameters.seed}, ${parameters.profile} team, ${window.days} days, ` +
    window.timeZone;
}

/**
 * Loads the events the parameters describe, runs the pipeline on them, forgets every step of the
 * previous universe, and returns the used events of the window in time order. Also sets
 * `step.window` (the report window: its days, zone and calendar) and `step.rejected` (the rows
 * the rules refused, with their reasons).
 *
 * The events frame keeps its bookkeeping columns (`file`, `line`, which the rules' reasons point
 * at) but not the analysis' calendar index, so the notebook's own steps compute the local days.
 */
export function loadEvents(parameters: LoadParameters): pl.DataFrame {
  const source = notebookSource(parameters);
  const analysis = analyze(source, { timeZone: parameters.timeZone });
  current = { label: labelOf(parameters, analysis), parameters: { ...parameters }, analysis };
  values.clear();
  const events = analysis.events;
  values.set("window", analysis.window);
  values.set("rejected", analysis.rejected);
  return events.columns.includes("day") ? events.drop("day") : events;
}

/** What {@link view} shows besides the frame. */
export interface ViewOptions {
  /** Rows shown; default 10. */
  rows?: number;
  /** The columns to show, instead of the meaningful ones. */
  columns?: readonly string[];
  /** Whose data these are, instead of the loaded universe (e.g. a hand-written example). */
  universe?: string;
}

/** The name under which `frame` is kept in {@link step}, or a name for an ad-hoc frame. */
function nameOf(frame: unknown): string {
  for (const [name, value] of values) {
    if (value === frame) return name;
    if (value && typeof value === "object") {
      for (const [part, inner] of Object.entries(value)) {
        if (inner === frame) return `${name}.${part}`;
      }
    }
  }
  return "frame";
}

/**
 * A DataFrame (or Series) as a readable table, captioned with what it is and whose data it holds,
 * times on the report zone's clock. A cell's last expression, so it shows without `await`.
 */
export function view(
  frame: pl.DataFrame | pl.Series,
  caption: string,
  options: ViewOptions = {},
): Displayable {
  const universe = options.universe ?? current?.label;
  return frameView(frame, {
    caption,
    universe,
    timeZone: current?.analysis.window.timeZone ?? "UTC",
    rows: options.rows,
    columns: options.columns,
    view: nameOf(frame),
  });
}

/** Forgets the loaded events and every step (for tests, and a clean start). */
export function resetLesson(): void {
  current = null;
  values.clear();
}
