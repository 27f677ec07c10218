/**
 * Running commands for the benchmark: wall time, user+sys CPU and peak RSS of each from
 * `/usr/bin/time`, and the summary of several runs (median wall and CPU, largest peak).
 *
 * @module
 */

/** A failure the benchmark explains in one line (a missing tool, an input it cannot make). */
export class BenchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchError";
  }
}

/** What a command printed and how it ended. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; a program that is not there is a BenchError. */
export async function run(
  command: readonly string[],
  { cwd, stdout = "piped" }: { cwd?: string; stdout?: "piped" | "null" } = {},
): Promise<RunResult> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(command[0], {
      args: command.slice(1),
      cwd,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout,
      stderr: "piped",
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new BenchError(`${command[0]} is not installed`);
    }
    throw error;
  }
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    code: output.code,
    stdout: stdout === "piped" ? text(output.stdout) : "",
    stderr: text(output.stderr),
  };
}

/** One timed run. */
export interface Sample {
  /** Wall seconds. */
  wall: number;
  /** User + system CPU seconds, over every process of the command. */
  cpu: number;
  /** Peak resident memory of the largest process, MiB. */
  rssMib: number;
}

/** A timed run that failed: its exit status and the last line it printed on stderr. */
export interface Failure {
  failure: string;
}

/**
 * Times one command with `/usr/bin/time`. Its standard output goes to /dev/null unless `capture`
 * asks for it (then it is in `stdout`).
 */
export async function timed(
  command: readonly string[],
  { cwd, scratch, capture = false }: { cwd?: string; scratch: string; capture?: boolean },
): Promise<(Sample & { stdout: string }) | Failure> {
  const stats = `${scratch}/time.txt`;
  const result = await run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", stats, ...command], {
    cwd,
    stdout: capture ? "piped" : "null",
  });
  if (result.code !== 0) {
    const lastLine = result.stderr.trim().split("\n").filter((line) => line.trim()).at(-1) ?? "";
    const status = /Command terminated by signal (\d+)/.exec(Deno.readTextFileSync(stats));
    return {
      failure: status
        ? `killed by signal ${status[1]}${status[1] === "9" ? " (out of memory?)" : ""}`
        : `exit ${result.code}: ${lastLine.slice(0, 160)}`,
    };
  }
  const fields = Deno.readTextFileSync(stats).trim().split("\n").at(-1)!.split(/\s+/).map(Number);
  const [wall, user, system, kb] = fields;
  return { wall, cpu: user + system, rssMib: Math.round(kb / 1024), stdout: result.stdout };
}

/** The runs of one command: median wall and CPU, largest peak; or why it failed. */
export interface Measured {
  runs: number;
  wall: number;
  cpu: number;
  rssMib: number;
  failure?: string;
}

/** The usual median: for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Sums up samples; a failure in any run marks the whole as failed. */
export function summarizeRuns(samples: readonly (Sample | Failure)[]): Measured {
  const failed = samples.find((sample): sample is Failure => "failure" in sample);
  const good = samples.filter((sample): sample is Sample => !("failure" in sample));
  if (failed || good.length === 0) {
    return { runs: samples.length, wall: NaN, cpu: NaN, rssMib: NaN, failure: failed?.failure };
  }
  return {
    runs: good.length,
    wall: median(good.map((sample) => sample.wall)),
    cpu: median(good.map((sample) => sample.cpu)),
    rssMib: Math.max(...good.map((sample) => sample.rssMib)),
  };
}
