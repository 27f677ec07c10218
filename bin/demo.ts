/**
 * `deno task demo`: events in, DORA view out. Prints a short summary (or, with `--json`, exactly
 * the JSON summary) and writes an HTML report with one SVG per chart.
 *
 * Exit status: 0 on success, 2 for bad flags (an `--out` that is a file, say), an input file that
 * cannot be read or output that cannot be written (the old output stays whole), 1 when there is
 * nothing to report on or something unexpected failed, 3 with `--strict` when any row was
 * rejected. Every failure is one `error:` line, never a stack trace.
 *
 * @module
 */
import {
  type Analysis,
  analyze,
  type EventSource,
  NoEventsError,
} from "../lib/pipeline/analysis.ts";
import { compareUniverses, type UniverseSpec } from "../lib/pipeline/universes.ts";
import { changesText } from "../lib/pipeline/scenario_changes.ts";
import { PROFILES } from "../lib/synthetic/profiles.ts";
import { ingestOutcome, writeRejectedFile } from "../lib/report/ingest_outcome.ts";
import { InputFileError, oneLine } from "../lib/ingest/input_file_error.ts";
import { rejectionsOf, summarize, type Summary } from "../lib/pipeline/summary.ts";
import { writeSummaryJson } from "../lib/pipeline/summary_json.ts";
import { printable, rejectedLines, textSummary } from "../lib/report/text_summary.ts";
import { findIncident, incidentStory } from "../lib/report/incident_story.ts";
import { definitionsLines } from "../lib/report/definitions_section.ts";
import { UNVERIFIED_MARK, unverifiedNote } from "../lib/report/scorecard.ts";
import { type OutputFile, writeOutputSet } from "../lib/report/write_outputs.ts";
import { type CliOptions, parseCliArgs, USAGE, UsageError } from "./demo_flags.ts";

/** The analysis the options ask for. */
export function analysisFor(options: CliOptions): Analysis {
  if (options.inputs.length === 0) {
    const profile = PROFILES[options.profile];
    const source: EventSource = {
      kind: "synthetic",
      seed: options.seed,
      days: options.days ?? profile.defaultDays,
      profile,
      profileName: options.profile === "mixed" ? undefined : options.profile,
      ...(options.scenario ? { scenario: options.scenario } : {}),
    };
    return analyze(source, {
      timeZone: options.timeZone,
      attributionWindowMs: options.attributionWindowMs,
    });
  }
  return analyze({ kind: "file", files: options.inputs, read: options.ingest?.read }, {
    timeZone: options.timeZone,
    attributionWindowMs: options.attributionWindowMs,
    start: options.start ?? undefined,
    end: options.end ?? undefined,
    days: options.days ?? undefined,
  });
}

/** Renders the charts and report; loaded only when files are written, so `--json` never loads jsdom. */
async function renderFiles(analysis: Analysis, summary: Summary) {
  const [
    { JSDOM },
    { renderCharts },
    { renderReport },
    { scorecardSection },
    { incidentsSection },
    { definitionsSection },
  ] = await Promise.all([
    import("jsdom"),
    import("../lib/charts/render.ts"),
    import("../lib/report/html.ts"),
    import("../lib/report/scorecard_section.ts"),
    import("../lib/report/incidents_section.ts"),
    import("../lib/report/definitions_section.ts"),
  ]);
  const { document } = new JSDOM("").window;
  const charts = renderCharts(analysis, summary, { document });
  const sections = [
    scorecardSection(summary),
    ...(summary.definitions ? [definitionsSection(summary.definitions)] : []),
    incidentsSection(summary, { analysis }),
  ];
  return [
    { name: "report.html", content: renderReport(summary, { charts, sections }) },
    ...charts.map((chart) => ({ name: chart.file, content: chart.svg })),
  ];
}

/** Where the CLI writes: the process's streams, or a test's lists. */
export interface Io {
  /** One line (or block) of output. */
  stdout: (text: string) => void;
  /** One line of errors or rejections. */
  stderr: (text: string) => void;
  /**
   * Output too long for one string (the `--json` summary), as UTF-8 bytes in pieces. Without
   * it, the pieces are joined and given to `stdout` as one block.
   */
  write?: (bytes: Uint8Array) => void;
}

/** The reader of standard output went away (`demo --json | head`): nothing more to write. */
class StdoutClosed extends Error {}

/** Writes all of `bytes` to standard output: a pipe may take fewer at a time. */
function writeStdout(bytes: Uint8Array): void {
  let offset = 0;
  try {
    while (offset < bytes.length) offset += Deno.stdout.writeSync(bytes.subarray(offset));
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) throw new StdoutClosed();
    throw error;
  }
}

const processIo: Io = {
  stdout: (text) => console.log(text),
  stderr: (text) => console.error(text),
  write: writeStdout,
};

/**
 * `--json`: the summary, written in pieces to `io.write`; or, for an Io without it, as one block
 * to `io.stdout` (which ends it with the newline the pieces end with).
 */
async function printSummaryJson(summary: Summary, analysis: Analysis, io: Io): Promise<void> {
  if (io.write) {
    try {
      await writeSummaryJson(summary, io.write, { analysis });
    } catch (error) {
      // As console.log does, a closed pipe ends the output quietly, and the run goes on.
      if (!(error instanceof StdoutClosed)) throw error;
    }
    return;
  }
  const pieces: Uint8Array[] = [];
  await writeSummaryJson(summary, (bytes) => pieces.push(bytes), { analysis });
  const decoder = new TextDecoder();
  const text = pieces.map((bytes) => decoder.decode(bytes, { stream: true })).join("") +
    decoder.decode();
  io.stdout(text.slice(0, -1));
}

/**
 * `--explain ID`: one incident's story (or, with `--json`, its record); 2 with one line for an id
 * that no incident of the window has.
 */
function explainIncident(
  summary: Summary,
  { id, options, io }: { id: string; options: CliOptions; io: Io },
): number {
  const incident = findIncident(summary, id);
  if (!incident) {
    const known = summary.recovery.incidents === 0
      ? "the window has no incidents"
      : `the window has ${summary.recovery.incidents}, e.g. ${printable(summary.incidents[0].id)}`;
    io.stderr(
      `error: --explain: no incident ${
        printable(JSON.stringify(id))
      } starts in the window (${known})`,
    );
    return 2;
  }
  if (options.json) io.stdout(JSON.stringify(incident, null, 2));
  else for (const line of incidentStory(incident, summary)) io.stdout(line);
  return 0;
}

/** `--compare`: several universes, one window, shared scales. */
async function runComparison(
  options: CliOptions & { compare: UniverseSpec[] },
  io: Io,
): Promise<number> {
  const universes = compareUniverses(options.compare, {
    days: options.days ?? undefined,
    timeZone: options.timeZone,
    attributionWindowMs: options.attributionWindowMs,
    reportYear: options.reportYear,
  });
  const summaries = universes.map((u) => ({
    label: u.label,
    ...u.summary,
    ...(u.changes ? { scenario_changes: u.changes } : {}),
  }));
  if (options.json) {
    io.stdout(JSON.stringify({ compare: summaries }, null, 2));
    return 0;
  }
  const [{ JSDOM }, { renderComparison, comparisonScorecardRows }] = await Promise.all([
    import("jsdom"),
    import("../lib/report/comparison.ts"),
  ]);
  const { html, charts } = renderComparison(universes, { document: new JSDOM("").window.document });
  const written = writeOutputFolder(options.out, [
    { name: "compare.html", content: html },
    { name: "compare.json", content: JSON.stringify({ compare: summaries }, null, 2) + "\n" },
    ...charts.map((chart) => ({ name: chart.file, content: chart.svg })),
  ]);
  const rows = comparisonScorecardRows(universes);
  const widths = rows[0].map((_, column) =>
    Math.max(
      ...[["metric", ...universes.map((u) => u.label)], ...rows].map((r) => r[column].length),
    )
  );
  const line = (cells: string[]) =>
    "   " + cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  io.stdout(
    `Universes side by side (${universes[0].summary.window.days} days from ${
      universes[0].summary.window.start
    }):`,
  );
  io.stdout(line(["metric", ...universes.map((u) => u.label)]));
  for (const row of rows) io.stdout(line(row));
  if (rows.some((row) => row.some((cell) => cell.endsWith(UNVERIFIED_MARK)))) {
    io.stdout(`   ${unverifiedNote(options.reportYear)}`);
  }
  for (const universe of universes) {
    if (universe.changes) {
      io.stdout(`What the scenario changed in ${universe.label}: ${changesText(universe.changes)}`);
    }
  }
  io.stdout(
    `\nComparison: ${written[0]} (+ compare.json and ${charts.length} charts in ${options.out})`,
  );
  return 0;
}

/**
 * Throws a UsageError when `--out` cannot be a folder: an existing file, or a symbolic link to
 * nothing. A folder that does not exist yet is fine: it is created.
 */
function checkOutFolder(out: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(out);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw new UsageError(`--out ${out}: ${oneLine(error)}`);
  }
  if (info.isSymlink) {
    try {
      info = Deno.statSync(out);
    } catch {
      throw new UsageError(`--out ${out} is a symbolic link to a path that does not exist`);
    }
  }
  if (!info.isDirectory) throw new UsageError(`--out ${out} is a file, not a folder`);
}

/** Output that could not be written; the message is one line that names `--out`. */
class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputFolderError";
  }
}

/** Writes the output set into `out`; a failure is one OutputFolderError line, not a stack trace. */
function writeOutputFolder(out: string, files: readonly OutputFile[]): string[] {
  checkOutFolder(out);
  try {
    return writeOutputSet(out, files);
  } catch (error) {
    throw new OutputFolderError(`--out ${out}: ${oneLine(error)}`);
  }
}

/** Runs the CLI and returns the exit status. */
export async function main(args: readonly string[], io: Io = processIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message} (see --help)`);
    return 2;
  }
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    // Before the work: a folder that cannot take the output fails the run at once.
    if (!options.json) checkOutFolder(options.out);
    if (options.compare) return await runComparison({ ...options, compare: options.compare }, io);
    const analysis = analysisFor(options);
    const summary = summarize(analysis, {
      reportYear: options.reportYear,
      definitions: options.definitions ?? undefined,
    });
    if (options.explain !== null) {
      return explainIncident(summary, { id: options.explain, options, io });
    }
    if (options.json) {
      await printSummaryJson(summary, analysis, io);
      for (const line of rejectedLines(summary)) io.stderr(`rejected: ${line}`);
      return ingestOutcome(summary.events.rejected, {
        ingest: options.ingest,
        stderr: io.stderr,
      });
    }
    const files = await renderFiles(analysis, summary);
    const written = writeOutputFolder(options.out, files);
    io.stdout(textSummary(summary));
    if (summary.definitions) io.stdout(definitionsLines(summary.definitions).join("\n"));
    io.stdout(
      `\nReport: ${written[0]} (+ ${
        written.length - 1
      } charts in ${options.out}); --json prints every number`,
    );
    for (const line of rejectedLines(summary)) io.stderr(`rejected: ${line}`);
    return ingestOutcome(summary.events.rejected, { ingest: options.ingest, stderr: io.stderr });
  } catch (error) {
    // RangeError: a window or zone the calendar cannot build.
    if (
      error instanceof InputFileError || error instanceof UsageError || error instanceof RangeError
    ) {
      io.stderr(`error: ${printable(error.message)}`);
      return 2;
    }
    if (error instanceof OutputFolderError) {
      io.stderr(`error: ${printable(error.message)}`);
      return 2;
    }
    if (error instanceof NoEventsError) {
      io.stderr(`error: ${error.message}`);
      for (const row of error.rejected.head(20).toRecords()) {
        io.stderr(
          `rejected: ${printable(String(row.file))}:${row.line}: ${printable(String(row.reason))}`,
        );
      }
      // Millions of rejected rows become objects only when --rejected asks for them.
      if (options.ingest?.rejectedFile != null) {
        writeRejectedFile(rejectionsOf(error.rejected), {
          ingest: options.ingest,
          stderr: io.stderr,
        });
      }
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
