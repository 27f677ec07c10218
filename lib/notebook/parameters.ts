/**
 * The training notebook's parameters (seed, days, profile, events file, report year, time zone)
 * checked and turned into the {@link EventSource} that `analyze` takes.
 *
 * The notebook's parameters cell holds plain values (`const SEED = 42;`), and `deno task handout`
 * redeclares them in a cell tagged `injected-parameters` right after it, the papermill way. A
 * trainee can type anything there, so this checks the values and names the parameter in its
 * message instead of analysing `NaN` days.
 *
 * With an events file the window runs from the first event's day to the last one's: `days` and
 * `profile` describe synthetic data only and are ignored.
 *
 * @module
 */
import type { EventSource } from "../pipeline/analysis.ts";
import { MAX_WINDOW_DAYS } from "../core/calendar.ts";
import { PROFILE_NAMES, type ProfileName, PROFILES } from "../synthetic/profiles.ts";
import { REPORT_YEARS } from "../metrics/tiers/tables.ts";
import { checkTimeZone } from "../core/calendar.ts";

/** The parameters cell's values, as the notebook passes them on. */
export interface NotebookParameters {
  /** `SEED`: which synthetic universe. */
  seed: number;
  /** `DAYS`: days of synthetic data. */
  days: number;
  /** `PROFILE`: a generator profile name: mixed, elite, high, medium, low. */
  profile: string;
  /** `EVENTS_FILE`: a CSV, NDJSON or JSON events file; empty for synthetic data. */
  eventsFile: string;
  /** `REPORT_YEAR`: the DORA report whose levels rate the metrics; checked when given. */
  reportYear?: number;
  /** `TIME_ZONE`: the IANA zone of the report's days; checked when given. */
  timeZone?: string;
}

/** The consts of the notebook's parameters cell, in order. */
export const NOTEBOOK_PARAMETERS = [
  "SEED",
  "DAYS",
  "PROFILE",
  "EVENTS_FILE",
  "REPORT_YEAR",
  "COMPARE",
  "TIME_ZONE",
] as const;

/** The CLI's bound: ten years of days. */
export const MAX_NOTEBOOK_DAYS: number = MAX_WINDOW_DAYS;

/** A parameter with a value the notebook cannot use. */
export class NotebookParameterError extends Error {
  /** `parameter` names the parameters cell's const; `expected` says what it must be. */
  constructor(parameter: string, { expected, value }: { expected: string; value: unknown }) {
    super(
      `${parameter} must be ${expected}, got ${JSON.stringify(String(value))} ` +
        `(set it in the parameters cell at the top, then run from there down)`,
    );
    this.name = "NotebookParameterError";
  }
}

/** Throws a {@link NotebookParameterError} unless every parameter is usable. */
export function checkNotebookParameters(parameters: NotebookParameters): void {
  const { seed, days, profile, eventsFile, reportYear, timeZone } = parameters;
  if (reportYear !== undefined && !REPORT_YEARS.includes(reportYear)) {
    throw new NotebookParameterError("REPORT_YEAR", {
      expected: `one of ${REPORT_YEARS.join(", ")}`,
      value: reportYear,
    });
  }
  if (timeZone !== undefined) {
    try {
      checkTimeZone(String(timeZone));
    } catch {
      throw new NotebookParameterError("TIME_ZONE", {
        expected: "an IANA time zone such as UTC or Europe/Berlin",
        value: timeZone,
      });
    }
  }
  if (typeof eventsFile !== "string") {
    throw new NotebookParameterError("EVENTS_FILE", {
      expected: 'a file name in quotes, or "" for synthetic data',
      value: eventsFile,
    });
  }
  if (eventsFile.trim() !== "") return;
  if (!Number.isSafeInteger(seed)) {
    throw new NotebookParameterError("SEED", { expected: "a whole number", value: seed });
  }
  if (!Number.isInteger(days) || days < 1 || days > MAX_NOTEBOOK_DAYS) {
    throw new NotebookParameterError("DAYS", {
      expected: `a whole number from 1 to ${MAX_NOTEBOOK_DAYS}`,
      value: days,
    });
  }
  if (!(PROFILE_NAMES as string[]).includes(profile)) {
    throw new NotebookParameterError("PROFILE", {
      expected: `one of ${PROFILE_NAMES.join(", ")}`,
      value: profile,
    });
  }
}

/**
 * The source the parameters describe: the events file if one is given, else synthetic data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROFILES } from "../synthetic/profiles.ts";
 * import { NotebookParameterError, notebookSource } from "./parameters.ts";
 *
 * const base = { seed: 7, days: 21, profile: "elite", eventsFile: "", reportYear: 2023 };
 * assert.deepEqual(notebookSource(base), {
 *   kind: "synthetic",
 *   seed: 7,
 *   days: 21,
 *   profile: PROFILES.elite,
 *   profileName: "elite",
 * });
 * assert.deepEqual(notebookSource({ ...base, eventsFile: " events.csv " }), {
 *   kind: "file",
 *   files: ["events.csv"],
 * });
 * assert.throws(() => notebookSource({ ...base, days: 0 }), NotebookParameterError);
 * ```
 */
export function notebookSource(parameters: NotebookParameters): EventSource {
  checkNotebookParameters(parameters);
  const eventsFile = parameters.eventsFile.trim();
  if (eventsFile !== "") return { kind: "file", files: [eventsFile] };
  const profile = parameters.profile as ProfileName;
  return {
    kind: "synthetic",
    seed: parameters.seed,
    days: parameters.days,
    profile: PROFILES[profile],
    profileName: profile === "mixed" ? undefined : profile,
  };
}
