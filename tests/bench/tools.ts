/**
 * What the benchmark needs besides Deno, checked before any run: `/usr/bin/time`, the pandas peer
 * (Python 3 with pandas and matplotlib, also for generating inputs), and the DuckDB peer (Node.js
 * 18+ and its `@duckdb/node-api`, installed with `npm install` on first use). Each missing piece is one
 * line that says how to get it or how to leave it out.
 *
 * @module
 */
import { BenchError, run } from "./measure.ts";

/** The tools one benchmark run needs. */
export interface Needs {
  /** Python with pandas + matplotlib: the pandas peer, or an input to generate. */
  python: boolean;
  /** Node.js and the DuckDB peer. */
  duckdb: boolean;
}

/** Where the tools and the peers are. */
export interface ToolPaths {
  python: string;
  peerDir: string;
  duckdbDir: string;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function works(command: string[], cwd?: string): Promise<string | null> {
  try {
    const result = await run(command, { cwd });
    return result.code === 0 ? result.stdout.trim() : null;
  } catch {
    return null;
  }
}

/**
 * Checks every tool the run needs and installs the DuckDB peer's package when Node.js is there;
 * throws one BenchError that lists every missing piece, a line each.
 */
export async function checkTools(needs: Needs, paths: ToolPaths): Promise<void> {
  const missing: string[] = [];
  if (!exists("/usr/bin/time")) {
    missing.push(
      "/usr/bin/time is missing (it measures wall time and peak memory): apt-get install -y time",
    );
  }
  if (needs.python) {
    if (!exists(`${paths.peerDir}/metrics_demo.py`)) {
      missing.push(
        `the pandas peer is not in ${paths.peerDir} (it is a peer and writes the inputs; --peer DIR)`,
      );
    } else if (await works([paths.python, "-c", "import pandas, matplotlib"]) === null) {
      missing.push(
        `${paths.python} with pandas and matplotlib is missing (the pandas peer, and gen_events.py ` +
          "for the inputs): apt-get install -y python3-pandas python3-matplotlib; " +
          "or --only report,json,duckdb with the inputs already generated",
      );
    }
  }
  if (needs.duckdb) {
    const version = await works(["node", "--version"]);
    const major = Number(/^v(\d+)/.exec(version ?? "")?.[1]);
    if (!exists(`${paths.duckdbDir}/duckdb_peer.mjs`)) {
      missing.push(`the DuckDB peer is not in ${paths.duckdbDir} (--duckdb DIR)`);
    } else if (!(major >= 18)) {
      missing.push(
        `Node.js 18 or later is missing (${
          version ?? "no node on PATH"
        }; the DuckDB peer runs on ` +
          "it): apt-get install -y nodejs npm, or leave the peer out with --only report,json,pandas,pandas-no-plots",
      );
    } else if (!exists(`${paths.duckdbDir}/node_modules/@duckdb/node-api/package.json`)) {
      const install = await installDuckdb(paths.duckdbDir);
      if (install) missing.push(install);
    }
  }
  if (missing.length) throw new BenchError(missing.join("\nerror: "));
}

/** `npm install` in the DuckDB peer's folder; the reason as one line when it fails. */
async function installDuckdb(dir: string): Promise<string | null> {
  console.error(
    `installing the DuckDB peer's @duckdb/node-api (npm install in ${dir}: about 70 MB from the npm registry) …`,
  );
  let result;
  try {
    result = await run(["npm", "install", "--no-audit", "--no-fund"], { cwd: dir });
  } catch {
    return "npm is missing (it installs the DuckDB peer's @duckdb/node-api): apt-get install -y npm";
  }
  if (result.code === 0) return null;
  const reason = result.stderr.split("\n")
    .map((line) => line.replace(/^npm (error|ERR!)\s*/, "").trim())
    .filter((line) => line && !/^code |^A complete log|^errno /.test(line))
    .slice(0, 2).join(" ");
  return `npm install in ${dir} failed (${reason.slice(0, 200)}); ` +
    "run it there by hand, or leave the DuckDB peer out with --only report,json,pandas,pandas-no-plots";
}

/** One sentence about the machine and the versions measured. */
export async function machineLine(paths: ToolPaths, needs: Needs): Promise<string> {
  const cores = navigator.hardwareConcurrency;
  // Deno reads /proc only with --allow-all, so grep reads the CPU's name.
  const cpu = (await works(["grep", "-m1", "model name", "/proc/cpuinfo"]))?.split(":")[1]?.trim();
  let ram = "";
  try {
    ram = `, ${Math.round(Deno.systemMemoryInfo().total / 2 ** 30)} GiB RAM`;
  } catch { /* unknown */ }
  const parts = [`${cores} cores${cpu ? ` (${cpu})` : ""}${ram}`];
  parts.push(`Deno ${Deno.version.deno}, nodejs-polars 0.25.2`);
  if (needs.python) {
    const versions = await works([
      paths.python,
      "-c",
      "import sys, pandas, matplotlib; print(sys.version.split()[0], pandas.__version__, matplotlib.__version__)",
    ]);
    const [python, pandas, matplotlib] = (versions ?? "? ? ?").split(" ");
    parts.push(`pandas peer: Python ${python}, pandas ${pandas}, matplotlib ${matplotlib}`);
  }
  if (needs.duckdb) {
    const node = await works(["node", "--version"]);
    let duckdb = "?";
    try {
      duckdb = JSON.parse(
        Deno.readTextFileSync(`${paths.duckdbDir}/node_modules/@duckdb/node-api/package.json`),
      ).version;
    } catch { /* reported by checkTools */ }
    parts.push(`DuckDB peer: Node ${node}, @duckdb/node-api ${duckdb}`);
  }
  return parts.join("; ");
}
