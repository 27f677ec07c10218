/**
 * `deno task bench`: this project beside the pandas + matplotlib peer and the DuckDB peer, on the
 * same inputs in one run, plus where our time goes and how far it is from a bare-polars floor.
 *
 * - Inputs: the pandas peer's `gen_events.py --events N --seed 1`, cached as `ev_N.csv` in
 *   `$DORA_BENCH_DATA` (default `~/.cache/dora-bench`); see `inputs.ts`.
 * - At each size, every command runs `--runs` times, alternating (the order turns each round, so
 *   a busy moment falls on all of them alike), under `/usr/bin/time`: our report path
 *   (`deno task demo --input F --out DIR`), our `--json` (to /dev/null), the pandas peer with its
 *   plots and with `--no-plots`, and the DuckDB peer. Plus the default demo (`--seed 42`) against
 *   the pandas peer's.
 * - Left out by default: the pandas peer's plots from 20M events on (minutes and gigabytes that say
 *   nothing new), and from 30M (or at a `--json-at` size) every command but `--json`, which runs
 *   once to show it works; no stages there.
 * - Then, per size, `stages.ts` (our stages in process) and `floor.ts` (bare polars) alternately,
 *   the floor's numbers checked against ours.
 * - `--readme` writes the tables into README.md between the benchmark markers; the raw results go
 *   to `bench-results.json` beside the inputs.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  BenchError,
  type Failure,
  median,
  run,
  type Sample,
  summarizeRuns,
  timed,
} from "./measure.ts";
import { benchInput, hasInput } from "./inputs.ts";
import { checkTools, machineLine, type Needs } from "./tools.ts";
import {
  benchTables,
  type CommandKey,
  COMMANDS,
  type SizeResult,
  type StageResult,
  withBenchSection,
} from "./tables.ts";
import { differences } from "./agreement.ts";
import type { FloorSummary } from "./floor.ts";

const USAGE = `deno task bench [flags]: this project beside the pandas and DuckDB peers

  --sizes LIST     input sizes in events (default 100000,1000000,5000000,20000000)
  --json-at LIST   sizes where only --json runs, once, to show it works (e.g. 30000000:
                   1.5 GB of CSV, ~15 GB of memory to generate); from 30M, --sizes does the same
  --runs N         runs of each command per size (default 3; 1 from 30M events)
  --only LIST      only these commands: ${COMMANDS.join(",")}
  --skip LIST      leave out command@size, e.g. pandas-no-plots@20000000
  --no-default-skips   run every command at every size in --sizes (pandas plots at 20M too)
  --stage-runs N   in-process stage and floor runs per size (default: --runs; 1 from 20M)
  --no-stages      leave out the stage table and the floor
  --readme         write the tables into README.md (not when the floor's numbers differ from ours)
  --from-results   measure nothing: print (and with --readme write) the tables of the last run,
                   from bench-results.json beside the inputs
  --help           this text
  --peer DIR       the pandas peer (default ../shared/peers/seed_python)
  --duckdb DIR     the DuckDB peer (default ../shared/peers/duckdb)`;

const BIG = 20_000_000;
const HUGE = 30_000_000;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "3" },
    sizes: { type: "string", default: "100000,1000000,5000000,20000000" },
    only: { type: "string", default: COMMANDS.join(",") },
    skip: { type: "string", default: "" },
    "no-default-skips": { type: "boolean", default: false },
    "json-at": { type: "string", default: "" },
    "stage-runs": { type: "string" },
    "no-stages": { type: "boolean", default: false },
    readme: { type: "boolean", default: false },
    "from-results": { type: "boolean", default: false },
    peer: { type: "string", default: "../shared/peers/seed_python" },
    duckdb: { type: "string", default: "../shared/peers/duckdb" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}

const root = new URL("../../", import.meta.url).pathname;
const inRoot = (dir: string) => dir.startsWith("/") ? dir : `${root}${dir}`;
const paths = {
  python: "/usr/bin/python3",
  peerDir: inRoot(values.peer!),
  duckdbDir: inRoot(values.duckdb!),
};
const dataDir = Deno.env.get("DORA_BENCH_DATA") ?? `${Deno.env.get("HOME")}/.cache/dora-bench`;
const deno = Deno.execPath();
const DENO_RUN = [deno, "run", "--allow-read", "--allow-write", "--allow-ffi=node_modules"];

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new BenchError(`--${flag} ${text}: a whole number ≥ 1`);
  }
  return value;
}

function commandList(text: string): CommandKey[] {
  const keys = text.split(",").filter(Boolean);
  for (const key of keys) {
    if (!(COMMANDS as readonly string[]).includes(key)) {
      throw new BenchError(`--only ${key}: one of ${COMMANDS.join(", ")}`);
    }
  }
  return keys as CommandKey[];
}

/** The commands at one size, and why the others are left out. */
function plan(
  events: number | null,
  jsonOnly: boolean,
  options: { only: CommandKey[]; skips: Set<string>; defaultSkips: boolean },
): { keys: CommandKey[]; skipped: Partial<Record<CommandKey, string>> } {
  const keys: CommandKey[] = [];
  const skipped: Partial<Record<CommandKey, string>> = {};
  for (const key of options.only) {
    if (events === null && key === "duckdb") continue; // it reads files only
    if (options.skips.has(`${key}@${events}`)) skipped[key] = "--skip";
    else if (jsonOnly && key !== "json") skipped[key] = "only --json at this size";
    else if (options.defaultSkips && events !== null && events >= BIG && key === "pandas") {
      skipped[key] = "pandas plots at 20M+";
    } else keys.push(key);
  }
  return { keys, skipped };
}

function commandLine(
  key: CommandKey,
  input: string | null,
  out: string,
): { argv: string[]; cwd?: string } {
  const demo = [deno, "task", "--quiet", "demo"];
  const source = input === null ? [] : ["--input", input];
  const pandas = [paths.python, "metrics_demo.py", ...(input === null ? ["--seed", "42"] : source)];
  switch (key) {
    case "report":
      return { argv: [...demo, ...source, "--out", `${out}/ours`] };
    case "json":
      return { argv: [...demo, ...source, "--json"] };
    case "pandas":
      return { argv: [...pandas, "--out", `${out}/pandas`], cwd: paths.peerDir };
    case "pandas-no-plots":
      return { argv: [...pandas, "--no-plots"], cwd: paths.peerDir };
    case "duckdb":
      return { argv: ["node", "duckdb_peer.mjs", ...source], cwd: paths.duckdbDir };
  }
}

const label = (events: number | null) =>
  events === null ? "demo --seed 42" : events.toLocaleString("en-US");

/** Every command at one size, `runs` times each, alternating, the order turning each round. */
async function compareAt(
  events: number | null,
  input: string | null,
  keys: CommandKey[],
  runs: number,
  scratch: string,
): Promise<SizeResult["commands"]> {
  const samples = new Map<CommandKey, (Sample | Failure)[]>(keys.map((key) => [key, []]));
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + round) % keys.length];
      if (samples.get(key)!.some((sample) => "failure" in sample)) continue;
      const { argv, cwd } = commandLine(key, input, scratch);
      const sample = await timed(argv, { cwd, scratch });
      samples.get(key)!.push(sample);
      console.error(
        `${label(events)} ${key} ${round + 1}/${runs}: ${
          "failure" in sample ? sample.failure : `${sample.wall} s, ${sample.rssMib} MiB`
        }`,
      );
    }
  }
  return Object.fromEntries(keys.map((key) => [key, summarizeRuns(samples.get(key)!)]));
}

interface StagesOutput {
  ms: Record<string, number | null>;
  figures: FloorSummary;
  rssMib: number;
}

/**
 * Our stages (`analyze` split by a read + parse of its own, in a second process) and the floor,
 * alternately, `runs` times; the floor's numbers checked against ours.
 */
async function stagesAt(
  events: number,
  input: string,
  runs: number,
  scratch: string,
): Promise<StageResult | Failure> {
  const script = [...DENO_RUN, "--allow-sys", "--allow-env", "tests/bench/stages.ts"];
  const ours: StagesOutput[] = [];
  const floors: { ms: Record<string, number>; summary: FloorSummary; rssMib: number }[] = [];
  const lastLine = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!);
  for (let round = 0; round < runs; round++) {
    const stages = await timed([...script, input, `${scratch}/stages`], {
      cwd: root,
      scratch,
      capture: true,
    });
    if ("failure" in stages) return { failure: `tests/bench/stages.ts: ${stages.failure}` };
    const read = await timed([...script, "--read", input], { cwd: root, scratch, capture: true });
    if ("failure" in read) return { failure: `tests/bench/stages.ts --read: ${read.failure}` };
    const { ms, figures } = lastLine(stages.stdout);
    const readMs: number | null = lastLine(read.stdout).ms["read+parse"];
    ms["read+parse"] = readMs === null ? null : Math.min(readMs, ms.analyze);
    ms["rules+window"] = readMs === null ? null : ms.analyze - ms["read+parse"];
    ours.push({ ms, figures, rssMib: stages.rssMib });
    const floor = await timed([
      ...DENO_RUN,
      "--allow-sys",
      "--allow-env",
      "tests/bench/floor.ts",
      input,
    ], {
      cwd: root,
      scratch,
      capture: true,
    });
    if ("failure" in floor) return { failure: `tests/bench/floor.ts: ${floor.failure}` };
    floors.push({ ...lastLine(floor.stdout), rssMib: floor.rssMib });
    console.error(
      `${label(events)} stages ${
        round + 1
      }/${runs}: analyze ${ms.analyze} + metrics ${ms.metrics} ` +
        `ms; floor ${floors.at(-1)!.ms.total} ms`,
    );
  }
  const names = Object.keys(ours[0].ms);
  const ms = Object.fromEntries(names.map((name) => {
    const values = ours.map((run) => run.ms[name]);
    return [name, values.some((value) => value === null) ? null : median(values as number[])];
  }));
  return {
    runs,
    ms,
    peakMib: Math.max(...ours.map((run) => run.rssMib)),
    floorMs: median(floors.map((floor) => floor.ms.total)),
    floorPeakMib: Math.max(...floors.map((floor) => floor.rssMib)),
    ratio: median(
      ours.map((run, i) => (run.ms.analyze! + run.ms.metrics!) / floors[i].ms.total),
    ),
    differences: differences(ours[0].figures, floors[0].summary),
  };
}

/** Markdown as `deno fmt` leaves it in README.md (width 100), so `deno task check` stays green. */
async function formattedMarkdown(markdown: string, scratch: string): Promise<string> {
  const file = `${scratch}/bench-section.md`;
  Deno.writeTextFileSync(file, markdown + "\n");
  const result = await run([deno, "fmt", "--no-config", "--line-width=100", "--quiet", file]);
  if (result.code !== 0) {
    throw new BenchError(`deno fmt of the README section failed: ${result.stderr}`);
  }
  return Deno.readTextFileSync(file).trimEnd();
}

/**
 * Prints the tables, and with --readme writes them into README.md unless the floor disagrees
 * with us somewhere (a floor that computes something else is no floor); the exit status.
 */
async function publish(
  { machine, runs, results }: { machine: string; runs: number; results: SizeResult[] },
  scratch: string,
): Promise<number> {
  const tables = benchTables(results, { runs, machine });
  console.log(tables);
  let disagreements = 0;
  for (const { events, stages } of results) {
    if (stages && "failure" in stages) {
      console.error(`warning: no stages at ${label(events)}: ${stages.failure}`);
    } else if (stages?.differences.length) {
      disagreements++;
      console.error(
        `error: at ${label(events)} the floor's numbers differ from ours: ${
          stages.differences.join("; ")
        }`,
      );
    }
  }
  if (disagreements > 0) return 1;
  if (values.readme) {
    const readmePath = `${root}README.md`;
    const section = await formattedMarkdown(tables, scratch);
    Deno.writeTextFileSync(
      readmePath,
      withBenchSection(Deno.readTextFileSync(readmePath), section),
    );
    console.error("README.md updated");
  }
  return 0;
}

async function main(): Promise<number> {
  if (values["from-results"]) {
    const scratch = Deno.makeTempDirSync({ prefix: "dora-bench-" });
    try {
      return await publish(
        JSON.parse(Deno.readTextFileSync(`${dataDir}/bench-results.json`)),
        scratch,
      );
    } finally {
      Deno.removeSync(scratch, { recursive: true });
    }
  }
  const runs = positiveInteger("runs", values.runs!);
  const sizes = values.sizes!.split(",").filter(Boolean).map((text) =>
    positiveInteger("sizes", text)
  );
  const options = {
    only: commandList(values.only!),
    skips: new Set(values.skip!.split(",").filter(Boolean)),
    defaultSkips: !values["no-default-skips"],
  };
  const jsonAt = values["json-at"]!.split(",").filter(Boolean).map((text) =>
    positiveInteger("json-at", text)
  );
  // From 30M events (or with --json-at) only --json runs, once, and no stages: it shows it works.
  const plans = [
    ...[null, ...sizes].map((events) => ({
      events,
      jsonOnly: options.defaultSkips && events !== null && events >= HUGE,
    })),
    ...jsonAt.map((events) => ({ events, jsonOnly: true })),
  ].map(({ events, jsonOnly }) => ({ events, jsonOnly, ...plan(events, jsonOnly, options) }));
  const needs: Needs = {
    python: plans.some(({ keys }) => keys.includes("pandas") || keys.includes("pandas-no-plots")) ||
      [...sizes, ...jsonAt].some((events) => !hasInput(dataDir, events)),
    duckdb: plans.some(({ keys }) => keys.includes("duckdb")),
  };
  await checkTools(needs, paths);
  const machine = await machineLine(paths, needs);

  const scratch = Deno.makeTempDirSync({ prefix: "dora-bench-" });
  try {
    // Once, untimed: Deno's module cache, Python's bytecode and DuckDB's library are warm after.
    for (const { argv, cwd } of plans[0].keys.map((key) => commandLine(key, null, scratch))) {
      await run(argv, { cwd, stdout: "null" });
    }
    const results: SizeResult[] = [];
    for (const { events, jsonOnly, keys, skipped } of plans) {
      const input = events === null ? null : await benchInput(events, { dataDir, ...paths });
      const commandRuns = jsonOnly ? 1 : runs;
      const result: SizeResult = {
        events,
        commands: await compareAt(events, input, keys, commandRuns, scratch),
        skipped,
      };
      const stageRuns = values["stage-runs"] === undefined
        ? (events !== null && events >= BIG ? 1 : runs)
        : positiveInteger("stage-runs", values["stage-runs"]);
      if (input !== null && !values["no-stages"] && !jsonOnly) {
        result.stages = await stagesAt(events!, input, stageRuns, scratch);
      }
      results.push(result);
    }
    Deno.writeTextFileSync(
      `${dataDir}/bench-results.json`,
      JSON.stringify({ machine, runs, results }, null, 2) + "\n",
    );
    console.error(`raw results: ${dataDir}/bench-results.json`);
    return await publish({ machine, runs, results }, scratch);
  } finally {
    Deno.removeSync(scratch, { recursive: true });
  }
}

try {
  Deno.exit(await main());
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  console.error(`error: ${error.message}`);
  Deno.exit(1);
}
