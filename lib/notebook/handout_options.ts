/**
 * `deno task handout` flags: what to run the notebook on, where the HTML goes, and the environment
 * that carries the parameters to the kernel.
 *
 * File names: `out/handout-seed<N>.html` for synthetic data (`-<profile>` is added for a profile
 * other than mixed); `out/handout-<name>.html` for an events file, where `<name>` is the file's
 * name without folders and extensions, reduced to letters, digits, `-` and `_`
 * (`exports/Q1 events.csv.gz` → `out/handout-Q1_events.html`). `--out FILE` overrides both.
 *
 * The parameters go to the kernel as SEED, DAYS, PROFILE, EVENTS_FILE and REPORT_YEAR, the
 * variables the notebook's parameters cell reads. Every one of them is set or removed, so a stray
 * `SEED` in the caller's shell cannot make a file named seed 42 show seed 7.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  MAX_DAYS,
  profileFlag,
  reportYearFlag,
  seedFlag,
  wholeNumberFlag,
} from "../pipeline/parameter_checks.ts";
import { PARAMETER_VARIABLES } from "./parameters.ts";
import { PROFILE_NAMES, type ProfileName, PROFILES } from "../synthetic/profiles.ts";
import { DEFAULT_REPORT_YEAR, REPORT_YEARS } from "../metrics/tiers/tables.ts";
import { UsageError } from "../core/usage_error.ts";

export const DEFAULT_HANDOUT_SEED = 42;
export const HANDOUT_DIR = "out";

export const HANDOUT_USAGE = `Usage: deno task handout [options]

Runs the training notebook (notebooks/dora_metrics.ipynb) through Jupyter on the
project's Deno kernel and writes a standalone HTML handout: no scripts, no external
links, print-ready on A4 and Letter, the same bytes for the same parameters.

  --seed N          seed of the synthetic universe (default ${DEFAULT_HANDOUT_SEED})
  --days N          days of synthetic data (default 14, or the profile's own)
  --profile NAME    synthetic team: ${PROFILE_NAMES.join(", ")} (default mixed)
  --input FILE      an events file (CSV, NDJSON or JSON) instead of synthetic data;
                    the window runs from its first to its last event
  --report-year Y   DORA report whose levels rate the metrics (${
  REPORT_YEARS.join(" or ")
}; default ${DEFAULT_REPORT_YEAR})
  --show-code       include the code cells (hidden by default)
  --out FILE        where to write the handout (default out/handout-seed<N>.html,
                    or out/handout-<input name>.html with --input)
  --help            show this help

Needs jupyter-nbconvert and python3-nbclient (Debian packages); no Jupyter frontend.
`;

export interface HandoutOptions {
  seed: number;
  days: number;
  profile: ProfileName;
  /** Absolute path of the events file, or null for synthetic data. */
  input: string | null;
  reportYear: number;
  showCode: boolean;
  /** Absolute output path from --out, or null for the default name. */
  out: string | null;
  help: boolean;
}

/**
 * Parses the flags. Paths are resolved against `baseDir`: the folder the user ran the task from
 * (`deno task` runs in the project root and passes the user's folder as INIT_CWD).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseHandoutArgs } from "./handout_options.ts";
 *
 * const file = parseHandoutArgs(["--input", "data/events.csv"], "/work");
 * assert.equal(file.input, "/work/data/events.csv");
 * assert.equal(parseHandoutArgs(["--seed", "7"], "/work").seed, 7);
 * assert.throws(() => parseHandoutArgs(["--input", "x.csv", "--seed", "7"], "/work"), /--seed/);
 * ```
 */
export function parseHandoutArgs(args: readonly string[], baseDir: string): HandoutOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        seed: { type: "string" },
        days: { type: "string" },
        profile: { type: "string" },
        input: { type: "string" },
        "report-year": { type: "string" },
        "show-code": { type: "boolean" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(String((error as Error).message).split("\n")[0]);
  }
  const profile = profileFlag(values.profile);
  if (values.input !== undefined) {
    const synthetic = (["seed", "days", "profile"] as const).filter((flag) =>
      values[flag] !== undefined
    );
    if (synthetic.length) {
      throw new UsageError(
        `--${synthetic[0]} describes synthetic data; it cannot be combined with --input`,
      );
    }
    if (values.input.trim() === "") throw new UsageError("--input must name a file");
  }
  if (values.out !== undefined && values.out.trim() === "") {
    throw new UsageError("--out must name a file");
  }
  const reportYear = reportYearFlag(values["report-year"]);
  return {
    seed: seedFlag(values.seed) ?? DEFAULT_HANDOUT_SEED,
    days: wholeNumberFlag("days", values.days, { min: 1, max: MAX_DAYS }) ??
      PROFILES[profile].defaultDays,
    profile,
    input: values.input === undefined ? null : resolve(baseDir, values.input),
    reportYear,
    showCode: values["show-code"] ?? false,
    out: values.out === undefined ? null : resolve(baseDir, values.out),
    help: values.help ?? false,
  };
}

/**
 * The handout's path: --out, or a name from the seed and profile, or from the events file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { handoutPath, parseHandoutArgs } from "./handout_options.ts";
 *
 * assert.equal(handoutPath(parseHandoutArgs(["--seed", "7"], "/work")), "out/handout-seed7.html");
 * const input = parseHandoutArgs(["--input", "exports/Q1 events.csv.gz"], "/work");
 * assert.equal(handoutPath(input), "out/handout-Q1_events.html");
 * ```
 */
export function handoutPath(options: HandoutOptions): string {
  if (options.out) return options.out;
  if (options.input) {
    const name = basename(options.input).replace(/\..*$/, "").replace(/[^A-Za-z0-9_-]+/g, "_") ||
      "events";
    return `${HANDOUT_DIR}/handout-${name}.html`;
  }
  const profile = options.profile === "mixed" ? "" : `-${options.profile}`;
  return `${HANDOUT_DIR}/handout-seed${options.seed}${profile}.html`;
}

/** The page title: what the handout is about. */
export function handoutTitle(options: HandoutOptions): string {
  if (options.input) return `DORA metrics: ${basename(options.input)}`;
  const profile = options.profile === "mixed" ? "" : `, ${options.profile} team`;
  return `DORA metrics: seed ${options.seed}, ${options.days} days${profile}`;
}

/**
 * The kernel's parameter variables: those to set, and those to remove from the inherited ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { handoutEnvironment, parseHandoutArgs } from "./handout_options.ts";
 *
 * const { set, unset } = handoutEnvironment(parseHandoutArgs(["--seed", "7"], "/work"));
 * assert.equal(set.SEED, "7");
 * assert.ok(unset.includes("EVENTS_FILE") && !unset.includes("SEED"));
 * ```
 */
export function handoutEnvironment(
  options: HandoutOptions,
): { set: Record<string, string>; unset: string[] } {
  const set: Record<string, string> = { REPORT_YEAR: String(options.reportYear) };
  if (options.input) {
    set.EVENTS_FILE = options.input;
  } else {
    set.SEED = String(options.seed);
    set.DAYS = String(options.days);
    set.PROFILE = options.profile;
  }
  return { set, unset: PARAMETER_VARIABLES.filter((name) => !(name in set)) };
}
