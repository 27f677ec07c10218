/**
 * `deno task bench`: this project against the pandas + matplotlib peer, side by side, in one run.
 *
 * - Inputs come from the peer's `gen_events.py --events N --seed 1` (100k, 1M and 5M events),
 *   cached outside the repository (`$DORA_BENCH_DATA`, default `~/.cache/dora-bench`).
 * - Each row times both commands alternately, `--runs` times each (default 3), with
 *   `/usr/bin/time`: the median wall time, the peak RSS, and the ratio peer / ours.
 * - Then one in-process stage breakdown per input (`stages.ts`).
 * - `--readme` writes the tables into README.md between the benchmark markers.
 *
 * Flags: `--runs N`, `--sizes 100000,1000000,5000000`, `--readme`, `--peer DIR` (default
 * ../shared/peers/seed_python).
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "3" },
    sizes: { type: "string", default: "100000,1000000,5000000" },
    readme: { type: "boolean", default: false },
    peer: { type: "string", default: "../shared/peers/seed_python" },
  },
});
const runs = Number(values.runs);
const sizes = values.sizes!.split(",").map(Number);
const root = new URL("../../", import.meta.url).pathname;
const peerDir = values.peer!.startsWith("/") ? values.peer! : `${root}${values.peer}`;
const python = "/usr/bin/python3";
const dataDir = Deno.env.get("DORA_BENCH_DATA") ?? `${Deno.env.get("HOME")}/.cache/dora-bench`;
const scratch = Deno.makeTempDirSync({ prefix: "dora-bench-" });

async function run(
  command: string[],
  cwd = root,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(command[0], {
    args: command.slice(1),
    cwd,
    env: { NO_COLOR: "1" },
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

/** Wall seconds and peak RSS (MiB) of one command, from /usr/bin/time. */
async function timed(command: string[], cwd?: string): Promise<{ wall: number; rssMib: number }> {
  const stats = `${scratch}/time.txt`;
  const result = await run(["/usr/bin/time", "-f", "%e %M", "-o", stats, ...command], cwd);
  if (result.code !== 0) {
    throw new Error(`${command.join(" ")} failed:\n${result.stderr.slice(-2000)}`);
  }
  const [wall, kb] = Deno.readTextFileSync(stats).trim().split(/\s+/).map(Number);
  return { wall, rssMib: Math.round(kb / 1024) };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function ensureTools() {
  for (
    const [tool, hint] of [
      ["/usr/bin/time", "apt-get install -y time"],
      [python, "apt-get install -y python3"],
    ]
  ) {
    try {
      Deno.statSync(tool);
    } catch {
      throw new Error(`${tool} is missing: ${hint}`);
    }
  }
  const check = await run([python, "-c", "import pandas, matplotlib"]);
  if (check.code !== 0) {
    throw new Error(
      "the peer needs pandas and matplotlib: apt-get install -y python3-pandas python3-matplotlib",
    );
  }
}

async function input(events: number): Promise<string> {
  Deno.mkdirSync(dataDir, { recursive: true });
  const path = `${dataDir}/ev_${events}.csv`;
  try {
    if (Deno.statSync(path).size > 0) return path;
  } catch { /* not generated yet */ }
  console.error(`generating ${path} …`);
  const result = await run([
    python,
    "gen_events.py",
    "--events",
    String(events),
    "--seed",
    "1",
    "--out",
    path,
  ], peerDir);
  if (result.code !== 0) throw new Error(result.stderr);
  return path;
}

interface Row {
  label: string;
  ours: { wall: number; rssMib: number };
  peer: { wall: number; rssMib: number };
}

async function compare(label: string, ours: string[], peer: string[]): Promise<Row> {
  const oursRuns: { wall: number; rssMib: number }[] = [];
  const peerRuns: { wall: number; rssMib: number }[] = [];
  // Alternating, so a busy moment on the machine falls on both sides alike.
  for (let i = 0; i < runs; i++) {
    oursRuns.push(await timed(ours));
    peerRuns.push(await timed(peer, peerDir));
  }
  const summary = (all: { wall: number; rssMib: number }[]) => ({
    wall: median(all.map((r) => r.wall)),
    rssMib: Math.max(...all.map((r) => r.rssMib)),
  });
  const row = { label, ours: summary(oursRuns), peer: summary(peerRuns) };
  console.error(
    `${label}: ours ${row.ours.wall}s ${row.ours.rssMib} MiB, peer ${row.peer.wall}s ${row.peer.rssMib} MiB`,
  );
  return row;
}

const demo = [Deno.execPath(), "task", "--quiet", "demo"];
await ensureTools();
const rows: Row[] = [];
rows.push(
  await compare("default demo (`--seed 42`, 14 days)", [...demo, "--out", `${scratch}/a`], [
    python,
    "metrics_demo.py",
    "--seed",
    "42",
    "--out",
    `${scratch}/p`,
  ]),
);
const stageRows: string[] = [];
for (const events of sizes) {
  const path = await input(events);
  rows.push(
    await compare(
      `\`--input\` ${events.toLocaleString("en-US")} events`,
      [...demo, "--input", path, "--out", `${scratch}/a`],
      [python, "metrics_demo.py", "--input", path, "--out", `${scratch}/p`],
    ),
  );
  const stages = await run([
    Deno.execPath(),
    "run",
    "--allow-read",
    "--allow-ffi=node_modules",
    "--allow-sys",
    "--allow-env",
    "tests/bench/stages.ts",
    path,
  ]);
  if (stages.code !== 0) throw new Error(stages.stderr);
  const { stages: ms, peakRssMb, chartBytes } = JSON.parse(
    stages.stdout.trim().split("\n").at(-1)!,
  );
  const floorRatio = (ms["read+parse"] + ms["rules+window"]) / ms.plain_polars_scan_groupby;
  stageRows.push(
    `| ${events.toLocaleString("en-US")} | ${ms.imports} | ${ms["read+parse"]} | ${
      ms["rules+window"]
    } | ${ms.metrics} | ` +
      `${ms.charts} | ${ms.report} | ${ms.plain_polars_scan_groupby} | ${
        floorRatio.toFixed(1)
      }× | ` +
      `${Math.max(...chartBytes).toLocaleString("en-US")} | ${peakRssMb} |`,
  );
}

const cpu = (await run([
  "sh",
  "-c",
  "nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2; free -g | awk '/Mem/{print $2}'",
]))
  .stdout.trim().split("\n").map((s) => s.trim());
const deno = (await run([Deno.execPath(), "--version"])).stdout.split("\n")[0];
const machine = `${cpu[0]} cores (${cpu[1]}), ${cpu[2]} GiB RAM; ${deno}, nodejs-polars 0.25.2; ` +
  `peer: ${
    (await run([
      python,
      "-c",
      "import pandas, matplotlib; print('pandas', pandas.__version__, 'matplotlib', matplotlib.__version__)",
    ])).stdout.trim()
  }`;
const table = [
  `Measured by \`deno task bench\` (median of ${runs} alternating runs; peak RSS is the largest of them) on ${machine}.`,
  "",
  "| run | ours: wall s | ours: peak MiB | peer: wall s | peer: peak MiB | peer / ours (time) |",
  "|---|---:|---:|---:|---:|---:|",
  ...rows.map((row) =>
    `| ${row.label} | ${row.ours.wall.toFixed(2)} | ${row.ours.rssMib} | ${
      row.peer.wall.toFixed(2)
    } | ${row.peer.rssMib} | ` +
    `${(row.peer.wall / row.ours.wall).toFixed(2)}× |`
  ),
  "",
  "Stage breakdown (ms, one in-process run per input; the floor is plain polars `scanCSV` + `groupBy` over the same file):",
  "",
  "| events | imports | read + parse | rules + window | metrics | charts | report | polars floor | (read..window) / floor | largest chart, bytes | peak MB |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...stageRows,
].join("\n");
console.log(table);

if (values.readme) {
  const readmePath = `${root}README.md`;
  const readme = Deno.readTextFileSync(readmePath);
  const begin = "<!-- bench:begin -->", end = "<!-- bench:end -->";
  const from = readme.indexOf(begin), to = readme.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`README.md has no ${begin} … ${end} section`);
  Deno.writeTextFileSync(
    readmePath,
    readme.slice(0, from + begin.length) + "\n" + table + "\n" + readme.slice(to),
  );
  console.error("README.md updated");
}
Deno.removeSync(scratch, { recursive: true });
