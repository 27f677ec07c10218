/**
 * The benchmark's inputs: `gen_events.py --events N --seed 1` of the pandas peer, one CSV per size,
 * cached as `ev_N.csv` (default folder `~/.cache/dora-bench`, or `$DORA_BENCH_DATA`).
 *
 * A file is written under a temporary name and renamed when whole, so a file that is there is
 * complete. While one process generates a size it holds the lock folder `ev_N.csv.lock`; another
 * waits for the file instead of generating it again.
 *
 * @module
 */
import { BenchError, run } from "./measure.ts";

/** gen_events.py keeps every event in pandas: about 490 bytes each (9.7 GB peak at 20M). */
const GENERATOR_BYTES_PER_EVENT = 500;
const LOCK_POLL_MS = 5_000;

/** Memory the system could give a new process now, in bytes; null where Deno cannot tell. */
export function availableMemory(): number | null {
  try {
    return Deno.systemMemoryInfo().available;
  } catch {
    return null;
  }
}

const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(1);

function nonEmpty(path: string): boolean {
  try {
    return Deno.statSync(path).size > 0;
  } catch {
    return false;
  }
}

/** Where the generator would put the input of `events` events. */
export function inputPath(dataDir: string, events: number): string {
  return `${dataDir}/ev_${events}.csv`;
}

/** Whether the input of `events` events is already there. */
export function hasInput(dataDir: string, events: number): boolean {
  return nonEmpty(inputPath(dataDir, events));
}

/** The input of `events` events: cached, or generated now (or by another process, awaited). */
export async function benchInput(
  events: number,
  { dataDir, peerDir, python }: { dataDir: string; peerDir: string; python: string },
): Promise<string> {
  const path = inputPath(dataDir, events);
  if (nonEmpty(path)) return path;
  Deno.mkdirSync(dataDir, { recursive: true });
  const lock = `${path}.lock`;
  let waiting = false;
  for (;;) {
    try {
      Deno.mkdirSync(lock);
      break;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    if (nonEmpty(path)) return path;
    if (!waiting) {
      console.error(`waiting for another process to generate ${path} (remove ${lock} if none is)`);
      waiting = true;
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  try {
    if (nonEmpty(path)) return path;
    const needed = events * GENERATOR_BYTES_PER_EVENT;
    const available = availableMemory();
    if (available !== null && needed > available) {
      throw new BenchError(
        `generating ${path} needs about ${gib(needed)} GiB of memory (gen_events.py holds every ` +
          `event), and ${
            gib(available)
          } GiB is available: free some, or leave ${events} out of --sizes`,
      );
    }
    const memory = needed >= 2 ** 30 ? ` and ${gib(needed)} GiB of memory` : "";
    console.error(
      `generating ${path} with gen_events.py (about ${
        Math.max(1, Math.round(events / 3e5))
      } s${memory}) …`,
    );
    const partial = `${path}.tmp-${Deno.pid}`;
    const result = await run([
      python,
      "gen_events.py",
      "--events",
      String(events),
      "--seed",
      "1",
      "--out",
      partial,
    ], { cwd: peerDir });
    if (result.code !== 0) {
      try {
        Deno.removeSync(partial);
      } catch { /* never written */ }
      const last = result.stderr.trim().split("\n").at(-1) ?? "";
      throw new BenchError(`gen_events.py --events ${events} failed: ${last}`);
    }
    Deno.renameSync(partial, path);
    return path;
  } finally {
    Deno.removeSync(lock);
  }
}
