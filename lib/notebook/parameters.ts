/**
 * The training notebook's parameters (seed, days, profile, events file, report year) checked and
 * turned into the {@link EventSource} that `analyze` takes.
 *
 * The notebook's parameters cell reads each value from an environment variable with a default, so
 * `SEED=7 jupyter …` and editing the cell both work. Values from the environment can be anything,
 * so this checks them and names the parameter in its message instead of analysing `NaN` days.
 *
 * With an events file the window runs from the first event's day to the last one's: `days` and
 * `profile` describe synthetic data only and are ignored.
 *
 * @example
 * ```ts
 * import { notebookSource } from "./parameters.ts";
 * const source = notebookSource({ seed: 7, days: 21, profile: "mixed", eventsFile: "", reportYear: 2023 });
 * console.assert(source.kind === "synthetic" && source.seed === 7 && source.days === 21);
 * const file = notebookSource({ seed: 42, days: 14, profile: "mixed", eventsFile: "events.csv", reportYear: 2023 });
 * console.assert(file.kind === "file" && file.files[0] === "events.csv");
 * ```
 * @module
 */
import type { EventSource } from "../pipeline/analysis.ts";
import { MAX_DAYS } from "../pipeline/parameter_checks.ts";
import { PROFILE_NAMES, type ProfileName, PROFILES } from "../synthetic/profiles.ts";
import { REPORT_YEARS } from "../metrics/tiers/tables.ts";

export interface NotebookParameters {
  seed: number;
  days: number;
  /** A generator profile name: mixed, elite, high, medium, low. */
  profile: string;
  /** A CSV, NDJSON or JSON events file; empty for synthetic data. */
  eventsFile: string;
  reportYear: number;
}

/** The environment variables the parameters cell reads, one per parameter. */
export const PARAMETER_VARIABLES = [
  "SEED",
  "DAYS",
  "PROFILE",
  "EVENTS_FILE",
  "REPORT_YEAR",
  "COMPARE",
] as const;

/** The CLI's bound: ten years of days. */
export const MAX_NOTEBOOK_DAYS = MAX_DAYS;

/** A parameter with a value the notebook cannot use. */
export class NotebookParameterError extends Error {
  constructor(parameter: string, expected: string, value: unknown) {
    super(
      `${parameter} must be ${expected}, got ${JSON.stringify(String(value))} ` +
        `(set it in the parameters cell or in the ${parameter} environment variable)`,
    );
    this.name = "NotebookParameterError";
  }
}

/** Throws a {@link NotebookParameterError} unless every parameter is usable. */
export function checkNotebookParameters(parameters: NotebookParameters): void {
  const { seed, days, profile, eventsFile, reportYear } = parameters;
  if (!REPORT_YEARS.includes(reportYear)) {
    throw new NotebookParameterError(
      "REPORT_YEAR",
      `one of ${REPORT_YEARS.join(", ")}`,
      reportYear,
    );
  }
  if (eventsFile.trim() !== "") return;
  if (!Number.isSafeInteger(seed)) {
    throw new NotebookParameterError("SEED", "a whole number", seed);
  }
  if (!Number.isInteger(days) || days < 1 || days > MAX_NOTEBOOK_DAYS) {
    throw new NotebookParameterError("DAYS", `a whole number from 1 to ${MAX_NOTEBOOK_DAYS}`, days);
  }
  if (!(PROFILE_NAMES as string[]).includes(profile)) {
    throw new NotebookParameterError("PROFILE", `one of ${PROFILE_NAMES.join(", ")}`, profile);
  }
}

/** The source the parameters describe: the events file if one is given, else synthetic data. */
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
