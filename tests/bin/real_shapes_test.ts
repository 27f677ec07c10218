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

Deno.test("--out naming a file or a dangling symbolic link exits 2 with one line, and writes nothing", async () => {
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/report.txt`;
  Deno.writeTextFileSync(file, "mine");
  assertOneLineError(
    await run("--out", file),
    /^error: --out .*report\.txt is a file, not a folder$/,
  );
  assertOneLineError(
    await run("--out", `${file}/sub`),
    /^error: --out .*report\.txt\/sub: Not a directory/,
  );
  const dangling = `${dir}/latest`;
  Deno.symlinkSync(`${dir}/gone`, dangling);
  assertOneLineError(
    await run("--out", dangling, "--compare", "1,2"),
    /^error: --out .*latest is a symbolic link to a path that does not exist$/,
  );
  assert.equal(Deno.readTextFileSync(file), "mine");
  assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), [
    "latest",
    "report.txt",
  ]);
  // A link to a folder is a folder.
  Deno.mkdirSync(`${dir}/gone`);
  const linked = await run("--out", dangling);
  assert.equal(linked.status, 0, linked.stderr.join("\n"));
  assert.ok(Deno.statSync(`${dir}/gone/report.html`).isFile);
});
