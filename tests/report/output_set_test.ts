/**
 * Output is all or nothing: `--out` holds the complete old set or the complete new set, after a
 * failed rename, after a process killed (SIGKILL) at every step of the commit, and for folders
 * that cannot take a set (a chart's name taken by a folder, a file, a dangling link), which are
 * refused with one line before anything is written.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CommitStep,
  type OutputFile,
  OutputSetError,
  recoverOutputSet,
  writeOutputSet,
} from "../../lib/report/write_outputs.ts";
import { main } from "../../bin/demo.ts";
import { NEW_SET } from "./output_set_child.ts";

const OLD_SET: OutputFile[] = [
  { name: "report.html", content: "old report" },
  { name: "01_chart.svg", content: "old chart 1" },
  { name: "02_chart.svg", content: "old chart 2" },
  { name: "03_chart.svg", content: "old chart 3, not in the new set" },
];

/** Every entry of a folder: file name → text (a folder inside shows as "<folder>"). */
function readFolder(dir: string): Record<string, string> {
  const entries = [...Deno.readDirSync(dir)].sort((a, b) => a.name < b.name ? -1 : 1);
  return Object.fromEntries(
    entries.map((entry) => [
      entry.name,
      entry.isDirectory ? "<folder>" : Deno.readTextFileSync(join(dir, entry.name)),
    ]),
  );
}

/** What `out` holds after `set` was written over the old set and the user's notes. */
function expected(set: readonly OutputFile[]): Record<string, string> {
  const files: Record<string, string> = { "notes.txt": "mine" };
  if (set === NEW_SET) files["03_chart.svg"] = "old chart 3, not in the new set";
  for (const file of set) files[file.name] = file.content;
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a < b ? -1 : 1));
}

/** A parent folder with `out` holding the old set and a file of the user's. */
function oldOutput(): { parent: string; out: string } {
  const parent = Deno.makeTempDirSync({ prefix: "dora-out-" });
  const out = join(parent, "out");
  writeOutputSet(out, OLD_SET);
  Deno.writeTextFileSync(join(out, "notes.txt"), "mine");
  assert.deepEqual(readFolder(out), expected(OLD_SET));
  return { parent, out };
}

Deno.test("a new set replaces the old one, keeps other files, and leaves nothing beside it", () => {
  const { parent, out } = oldOutput();
  Deno.writeTextFileSync(join(out, "report.html.partial-4242"), "stale, from a killed run");
  const written = writeOutputSet(out, NEW_SET);
  assert.deepEqual(written, NEW_SET.map((file) => join(out, file.name)));
  assert.deepEqual(readFolder(out), expected(NEW_SET));
  assert.deepEqual(Object.keys(readFolder(parent)), ["out"]);
});

Deno.test("a rename that fails leaves the complete old set and no leftovers", () => {
  for (const step of ["sealing", "setting-aside"] as const) {
    const { parent, out } = oldOutput();
    // Something else took the name the rename needs, so it fails (the folder is not empty).
    const blocked = join(parent, step === "sealing" ? ".out.next" : ".out.previous");
    const beforeStep = (current: CommitStep) => {
      if (current !== step) return;
      Deno.mkdirSync(blocked);
      Deno.writeTextFileSync(join(blocked, "in the way"), "");
    };
    assert.throws(
      () => writeOutputSet(out, NEW_SET, { beforeStep }),
      (error: Error) => error instanceof OutputSetError && !error.message.includes("\n"),
    );
    assert.deepEqual(readFolder(out), expected(OLD_SET), step);
    const left = Object.keys(readFolder(parent));
    assert.deepEqual(left.filter((name) => name.includes("staging") || name === ".out.next"), []);
    // The next run clears the way and writes the new set.
    writeOutputSet(out, NEW_SET);
    assert.deepEqual(readFolder(out), expected(NEW_SET));
    assert.deepEqual(Object.keys(readFolder(parent)), ["out"]);
  }
});

/** Runs output_set_child.ts until it pauses before `step`, then kills it with SIGKILL. */
async function killAt(out: string, step: CommitStep): Promise<void> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-config",
      "--allow-read",
      "--allow-write",
      fileURLToPath(new URL("./output_set_child.ts", import.meta.url)),
      out,
      step,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let said = "";
  while (!said.includes(`paused at ${step}`)) {
    const { value, done } = await reader.read();
    if (done) break;
    said += value;
  }
  child.kill("SIGKILL");
  const status = await child.status;
  await reader.cancel();
  const errors = await new Response(child.stderr).text();
  assert.equal(said.trim(), `paused at ${step}`, errors);
  assert.equal(status.signal, "SIGKILL");
}

Deno.test("a run killed at any step of the commit leaves the complete old set or the complete new set", async () => {
  const cases: [CommitStep, "old" | "new"][] = [
    ["writing", "old"],
    ["sealing", "old"],
    ["setting-aside", "old"],
    ["swapping", "new"],
    ["cleaning", "new"],
  ];
  for (const [step, survivor] of cases) {
    const { parent, out } = oldOutput();
    await killAt(out, step);
    if (step === "swapping") {
      // Killed between the two renames: no set is in place until the next start finishes the swap.
      assert.throws(() => Deno.statSync(out), Deno.errors.NotFound);
    } else {
      assert.deepEqual(readFolder(out), expected(survivor === "old" ? OLD_SET : NEW_SET), step);
    }
    recoverOutputSet(out);
    assert.deepEqual(readFolder(out), expected(survivor === "old" ? OLD_SET : NEW_SET), step);
    assert.deepEqual(Object.keys(readFolder(parent)), ["out"], `${step}: no leftovers`);
  }
});

Deno.test("folders that cannot take a set are refused with one line, before anything is written", () => {
  const { parent, out } = oldOutput();
  Deno.removeSync(join(out, "01_chart.svg"));
  Deno.mkdirSync(join(out, "01_chart.svg"));
  const before = readFolder(out);
  assert.throws(
    () => writeOutputSet(out, NEW_SET),
    new OutputSetError(
      "01_chart.svg in it is a folder; an output folder holds files only: move it elsewhere",
    ),
  );
  assert.deepEqual(readFolder(out), before);
  assert.deepEqual(Object.keys(readFolder(parent)), ["out"]);

  const file = join(parent, "report.txt");
  Deno.writeTextFileSync(file, "mine");
  assert.throws(() => writeOutputSet(file, NEW_SET), /report\.txt is a file, not a folder$/);
  const dangling = join(parent, "latest");
  Deno.symlinkSync(join(parent, "gone"), dangling);
  assert.throws(
    () => writeOutputSet(dangling, NEW_SET),
    /latest is a symbolic link to a path that does not exist$/,
  );
  // A link to a folder: the target gets the set, the link stays a link.
  Deno.mkdirSync(join(parent, "gone"));
  writeOutputSet(dangling, NEW_SET);
  assert.ok(Deno.lstatSync(dangling).isSymlink);
  assert.deepEqual(
    Object.keys(readFolder(join(parent, "gone"))),
    NEW_SET.map((f) => f.name).sort(),
  );

  const here = Deno.cwd();
  try {
    Deno.chdir(join(parent, "gone"));
    assert.throws(() => writeOutputSet(".", NEW_SET), /holds the folder you are in/);
  } finally {
    Deno.chdir(here);
  }
});

Deno.test("the CLI: a chart's name taken by a folder exits 2 with one line and keeps the old report", async () => {
  const out = join(Deno.makeTempDirSync({ prefix: "dora-out-" }), "out");
  const stderr: string[] = [];
  const io = { stdout: () => {}, stderr: (line: string) => stderr.push(line) };
  assert.equal(await main(["--out", out], io), 0);
  const report = Deno.readTextFileSync(join(out, "report.html"));
  Deno.removeSync(join(out, "04_timeline.svg"));
  Deno.mkdirSync(join(out, "04_timeline.svg"));
  assert.equal(await main(["--out", out, "--seed", "7"], io), 2);
  assert.deepEqual(stderr, [
    `error: --out ${out}: 04_timeline.svg in it is a folder; an output folder holds files only: move it elsewhere`,
  ]);
  assert.equal(Deno.readTextFileSync(join(out, "report.html")), report);
});
