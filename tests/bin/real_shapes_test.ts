/**
 * Files shaped the way real tools write them, through the real CLI: every row is used or rejected
 * with a reason, and a file that cannot be read at all is one `error:` line with exit status 2,
 * never a stack trace. The files live in tests/fixtures/shapes/.
 */
import assert from "node:assert/strict";
import { main } from "../../bin/demo.ts";
import { fixture } from "../helpers.ts";

interface Run {
  status: number;
  stdout: string[];
  stderr: string[];
}

async function run(...args: string[]): Promise<Run> {
  const result: Run = { status: -1, stdout: [], stderr: [] };
  result.status = await main(args, {
    stdout: (text) => result.stdout.push(text),
    stderr: (text) => result.stderr.push(text),
  });
  return result;
}

/** A run that failed as the contract says: exit 2, nothing on stdout, one one-line error. */
function assertOneLineError(result: Run, message: RegExp): void {
  assert.equal(result.status, 2, result.stderr.join("\n"));
  assert.deepEqual(result.stdout, []);
  assert.equal(result.stderr.length, 1, result.stderr.join("\n"));
  assert.ok(!result.stderr[0].includes("\n"), result.stderr[0]);
  assert.match(result.stderr[0], message);
}

Deno.test("a span of years from a typo in the data exits 2 naming the span, and --start fixes it", async () => {
  const file = fixture("shapes/year-typo.csv");
  assertOneLineError(
    await run("--input", file, "--json"),
    /^error: the events run from 0202-03-05 to 2024-03-05, 665474 days; a window is at most 3660 days: choose one with --start and --end$/,
  );
  const pinned = await run("--input", file, "--json", "--start", "2024-03-04");
  assert.equal(pinned.status, 0);
  assert.equal(JSON.parse(pinned.stdout[0]).events.outside_window, 1);
});
