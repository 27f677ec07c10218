/**
 * `deno task handout` cleans up after earlier runs that were killed too hard to clean up after
 * themselves (SIGKILL): their scratch folders go at the next start, others' stay.
 */
import assert from "node:assert/strict";
import { removeStaleWorkDirs, WORK_DIR_PREFIX } from "../../bin/handout.ts";

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("scratch folders of dead runs are removed; live runs', fresh unowned and others' stay", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "dora-stale-test-" });
  const folder = (name: string, owner?: number) => {
    const path = `${tmp}/${name}`;
    Deno.mkdirSync(`${path}/jupyter`, { recursive: true });
    if (owner !== undefined) Deno.writeTextFileSync(`${path}/owner.pid`, `${owner}\n`);
    return path;
  };
  const dead = folder(`${WORK_DIR_PREFIX}0a1b2c`, await deadPid());
  const live = folder(`${WORK_DIR_PREFIX}3d4e5f`, Deno.ppid);
  const unowned = folder(`${WORK_DIR_PREFIX}777777`);
  const test = folder(`${WORK_DIR_PREFIX}test-abc123`, await deadPid());
  const other = folder("something-else", await deadPid());

  assert.deepEqual(removeStaleWorkDirs(tmp), [dead]);
  const exists = (path: string) => Deno.statSync(path).isDirectory;
  assert.ok(exists(live) && exists(unowned) && exists(test) && exists(other));

  const twoHoursLater = Date.now() + 2 * 60 * 60 * 1000;
  assert.deepEqual(removeStaleWorkDirs(tmp, twoHoursLater), [unowned], "unowned and old");
  assert.deepEqual(removeStaleWorkDirs(`${tmp}/no-such-folder`), []);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("the handout program loads with its task's permissions: nothing it imports starts polars", async () => {
  // `deno task handout` runs without --allow-ffi or --allow-sys. A module that builds a polars
  // value when it loads (events.ts, window.ts) fails there, asynchronously, once the event loop
  // turns: so the modules are loaded and the loop is given time, with the task's own flags.
  const root = new URL("../../", import.meta.url).pathname;
  const command: string =
    JSON.parse(Deno.readTextFileSync(`${root}deno.json`)).tasks.handout.command;
  const flags = command.split(" ").filter((word) => word.startsWith("--allow-"));
  const script = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(
    script,
    `await import(${JSON.stringify(`${root}bin/handout.ts`)});\n` +
      "await new Promise((resolve) => setTimeout(resolve, 500));\n",
  );
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--config", `${root}deno.json`, ...flags, script],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(script);
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
});
