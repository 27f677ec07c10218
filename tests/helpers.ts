/** Small builders shared by the tests. */
import {
  type Analysis,
  type AnalysisOptions,
  analyze,
  analyzeRecords,
} from "../lib/pipeline/analysis.ts";
import type { EventRecord } from "../lib/core/events.ts";
import { type ReadOptions, scanSources } from "../lib/ingest/read_events.ts";
import { summarize, type Summary } from "../lib/pipeline/summary.ts";

/** Milliseconds of an ISO instant: `at("2024-01-01T10:00:00Z")`. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in test: ${iso}`);
  return ms;
}

/** Writes `text` to a temporary file with the given suffix and returns its path. */
export function tempFile(text: string | Uint8Array, suffix = ".csv"): string {
  const path = Deno.makeTempFileSync({ prefix: "dora-test-", suffix });
  if (typeof text === "string") Deno.writeTextFileSync(path, text);
  else Deno.writeFileSync(path, text);
  return path;
}

/** Analyzes CSV text as one input file. */
export function analyzeCsv(text: string, options: AnalysisOptions = {}): Analysis {
  return analyze({ kind: "file", files: [tempFile(text)] }, options);
}

/** The JSON summary of CSV text. */
export function summarizeCsv(text: string, options: AnalysisOptions = {}): Summary {
  return summarize(analyzeCsv(text, options));
}

/** The JSON summary of hand-written events. */
export function summarizeRecords(records: EventRecord[], options: AnalysisOptions = {}): Summary {
  return summarize(analyzeRecords(records, options));
}

/** A CSV from a header and rows of cells. */
export function csv(header: string, ...rows: string[]): string {
  return [header, ...rows].join("\n") + "\n";
}

/** The rows `scanSources` reads from `paths`, without empty cells: what adapters and readers produce. */
export function textRowsOf(
  paths: string[],
  options: ReadOptions = {},
): Record<string, string | number>[] {
  const scan = scanSources(paths, options);
  const rows = scan.collect(scan.rows);
  // The flag parsing checks first must agree with the reason it stands for on every row that no
  // filter left out (a filtered row is never parsed).
  const flagged = rows.getColumn("has_reason").toArray();
  const filters = rows.columns.includes("filtered_by")
    ? rows.getColumn("filtered_by").toArray()
    : [];
  const reasons = rows.columns.includes("reason")
    ? rows.getColumn("reason").toArray()
    : flagged.map(() => null);
  reasons.forEach((reason, index) => {
    if (filters[index] == null && (reason !== null) !== flagged[index]) {
      throw new Error(`row ${index}: has_reason ${flagged[index]} but reason ${reason}`);
    }
  });
  return rows.drop("multiline", "has_reason").toRecords().map((row) => {
    const cells = Object.entries(row).filter(([, value]) => value !== null);
    return Object.fromEntries(
      cells.map(([key, value]) => [key, key === "line" ? Number(value) : value]),
    );
  }) as Record<string, string | number>[];
}

/** A fixture file under tests/fixtures. */
export function fixture(path: string): string {
  return new URL(`./fixtures/${path}`, import.meta.url).pathname;
}

/** The permissions of `deno task demo` in deno.json: a real run must work with no more. */
const DEMO_PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-ffi=node_modules",
  "--allow-sys",
  "--allow-env",
];

/**
 * Runs the CLI in a real process, as `deno task demo` would, killed after `timeoutMs`; `env` adds
 * to (never replaces) the environment, e.g. another `TZ`.
 */
export function demoProcess(
  args: string[],
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<Deno.CommandOutput> {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...DEMO_PERMISSIONS, "bin/demo.ts", ...args],
    cwd: new URL("../", import.meta.url).pathname,
    env: { NO_COLOR: "1", ...env },
    signal: AbortSignal.timeout(timeoutMs),
  }).output();
}
