/**
 * `deno task handout` flags: what to run the notebook on, where the HTML goes, the values of the
 * injected parameters cell, and the note that replaces the live-notebook instructions on paper.
 *
 * File names: `out/handout-seed<N>.html` for synthetic data (`-<profile>` is added for a profile
 * other than mixed); `out/handout-<name>.html` for an events file, where `<name>` is the file's
 * name without folders and extensions, reduced to letters, digits, `-` and `_`
 * (`exports/Q1 events.csv.gz` → `out/handout-Q1_events.html`). With `--show-code`, `-code` is
 * added before `.html`, so the two kinds of handout never replace each other. `--out FILE`
 * overrides all of these.
 *
 * The parameters reach the notebook as a cell that redeclares SEED, DAYS, PROFILE, EVENTS_FILE and
 * REPORT_YEAR (papermill's way), never through the environment, so a stray `SEED` in the caller's
 * shell cannot make a file named seed 42 show seed 7.
 *
 * @module
 */
import { basename, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { MAX_WINDOW_DAYS } from "../core/calendar.ts";
import {
  profileFlag,
  reportYearFlag,
  seedFlag,
  wholeNumberFlag,
} from "../pipeline/parameter_checks.ts";
import type { ParameterValue } from "./run.ts";
import { escapeHtml } from "../report/escape_html.ts";
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
    days: wholeNumberFlag("days", values.days, { min: 1, max: MAX_WINDOW_DAYS }) ??
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
  const code = options.showCode ? "-code" : "";
  if (options.input) {
    const name = basename(options.input).replace(/\..*$/, "").replace(/[^A-Za-z0-9_-]+/g, "_") ||
      "events";
    return `${HANDOUT_DIR}/handout-${name}${code}.html`;
  }
  const profile = options.profile === "mixed" ? "" : `-${options.profile}`;
  return `${HANDOUT_DIR}/handout-seed${options.seed}${profile}${code}.html`;
}

/** The page title: what the handout is about. */
export function handoutTitle(options: HandoutOptions): string {
  if (options.input) return `DORA metrics: ${basename(options.input)}`;
  const profile = options.profile === "mixed" ? "" : `, ${options.profile} team`;
  return `DORA metrics: seed ${options.seed}, ${options.days} days${profile}`;
}

/**
 * The values of the notebook's injected parameters cell. An events file inside the project is
 * given relative to the notebook's folder (the kernel's working directory), so a handout with its
 * code shows `"../tests/fixtures/events.csv"` rather than a path of this machine.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { handoutParameters, parseHandoutArgs } from "./handout_options.ts";
 *
 * const seven = parseHandoutArgs(["--seed", "7"], "/work");
 * assert.deepEqual(handoutParameters(seven, "/repo/notebooks"), {
 *   SEED: 7, DAYS: 14, PROFILE: "mixed", EVENTS_FILE: "", REPORT_YEAR: 2023,
 * });
 * const inside = parseHandoutArgs(["--input", "/repo/data/e.csv"], "/");
 * assert.deepEqual(handoutParameters(inside, "/repo/notebooks"), {
 *   EVENTS_FILE: "../data/e.csv", REPORT_YEAR: 2023,
 * });
 * const outside = parseHandoutArgs(["--input", "/home/t/e.csv"], "/");
 * assert.equal(handoutParameters(outside, "/repo/notebooks").EVENTS_FILE, "/home/t/e.csv");
 * ```
 */
export function handoutParameters(
  options: HandoutOptions,
  notebookDir: string,
): Record<string, ParameterValue> {
  if (options.input) {
    const project = resolve(notebookDir, "..");
    const insideProject = options.input.startsWith(project + sep);
    return {
      EVENTS_FILE: insideProject
        ? relative(notebookDir, options.input).split(sep).join("/")
        : options.input,
      REPORT_YEAR: options.reportYear,
    };
  }
  return {
    SEED: options.seed,
    DAYS: options.days,
    PROFILE: options.profile,
    EVENTS_FILE: "",
    REPORT_YEAR: options.reportYear,
  };
}

/**
 * The note that takes the place of the notebook's live-only cells (run this, change that) on the
 * page: what the page was made from, and what its reader can do with it. HTML, every input string
 * escaped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paperNote, parseHandoutArgs } from "./handout_options.ts";
 *
 * const note = paperNote(parseHandoutArgs(["--seed", "7"], "/work"));
 * assert.match(note, /with seed 7 \(14 days, mixed team\) and the DORA 2023 levels/);
 * assert.match(note, /deno task handout --seed 42/);
 * const file = paperNote(parseHandoutArgs(["--input", "/d/<b>.csv"], "/"));
 * assert.match(file, /the events of &lt;b&gt;\.csv/);
 * ```
 */
export function paperNote(options: HandoutOptions): string {
  const source = options.input
    ? `the events of ${escapeHtml(basename(options.input))}`
    : `seed ${options.seed} (${options.days} days, ${options.profile} team)`;
  const otherSeed = options.input || options.seed !== 7 ? 7 : 42;
  return `<div class="paper-note"><p><strong>On paper.</strong> This page is the notebook ` +
    `already run, with ${source} and the DORA ${options.reportYear} levels. Where the notebook ` +
    `would have you run a cell, read on: each section's explanation comes with the tables and ` +
    `charts computed from those events. For ` +
    `another universe, make another handout (<code>deno task handout --seed ${otherSeed}</code>) ` +
    `or open the live notebook (<code>deno task notebook</code>).</p></div>`;
}
