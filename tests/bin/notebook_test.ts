/**
 * `deno task notebook`: starts a Jupyter frontend on a git-ignored working copy of the notebook
 * (so autosave never writes outputs into the committed one), or says how to install a frontend.
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMITTED_NOTEBOOK, main, WORKING_COPY, WORKING_DIR } from "../../bin/notebook.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LAUNCHER = join(ROOT, "bin/notebook.ts");

/** The `notebook` task's `deno run` flags, read from deno.json so the test uses the task's own. */
function taskPermissions(): string[] {
  const command: string = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))).tasks.notebook
    .command;
  return command.split(/\s+/).filter((word) => word.startsWith("--allow-"));
}

Deno.test("without JupyterLab or Notebook it names the Debian package and exits 1", async () => {
  const empty = await Deno.makeTempDir();
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...taskPermissions(), LAUNCHER],
    cwd: ROOT,
    env: { PATH: empty },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 1);
  assert.match(stderr, /Neither JupyterLab nor Jupyter Notebook is installed/);
  assert.match(stderr, /sudo apt-get install jupyter-notebook/);
  await Deno.remove(empty, { recursive: true });
});

/** A stand-in frontend that records its arguments in `args.txt` and exits 7. */
function fakeFrontend(dir: string): string {
  const script = `${dir}/jupyter-notebook`;
  Deno.writeTextFileSync(script, `#!/bin/sh\necho "$*" > "${dir}/args.txt"\nexit 7\n`);
  Deno.chmodSync(script, 0o755);
  return script;
}

async function sandbox() {
  const dir = await Deno.makeTempDir({ prefix: "dora-notebook-launch-" });
  Deno.mkdirSync(`${dir}/notebooks`);
  const committed = `${dir}/notebooks/dora_metrics.ipynb`;
  Deno.writeTextFileSync(committed, '{"cells": []}\n');
  const paths = { committed, workingDir: `${dir}/my-notebooks` };
  const copy = `${paths.workingDir}/dora_metrics.ipynb`;
  const messages: string[] = [];
  const launch = (args: string[]) =>
    main(args, { paths, frontend: fakeFrontend(dir), log: (text) => messages.push(text) });
  const jupyterArgs = () => Deno.readTextFileSync(`${dir}/args.txt`).trim();
  return { dir, committed, paths, copy, messages, launch, jupyterArgs };
}

Deno.test("it opens a working copy, passes extra arguments on, and never writes the committed notebook", async () => {
  const { dir, committed, paths, copy, messages, launch, jupyterArgs } = await sandbox();
  assert.equal(await launch(["--no-browser"]), 7, "the frontend's exit status is the task's");
  assert.equal(jupyterArgs(), `--notebook-dir=${paths.workingDir} --no-browser`);
  assert.equal(Deno.readTextFileSync(copy), '{"cells": []}\n');
  assert.match(messages.at(-1)!, /on \S+\/my-notebooks; open dora_metrics\.ipynb/);

  // What autosave does after a run: the outputs land in the copy, the committed file is untouched.
  Deno.writeTextFileSync(copy, '{"cells": [{"outputs": ["42"]}]}\n');
  assert.equal(await launch([]), 7);
  assert.equal(Deno.readTextFileSync(copy), '{"cells": [{"outputs": ["42"]}]}\n', "copy kept");
  assert.equal(Deno.readTextFileSync(committed), '{"cells": []}\n');
  assert.ok(!messages.some((text) => /has changed/.test(text)), messages.join("\n"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("after the committed notebook changes it keeps the copy and says how to start over with --fresh", async () => {
  const { dir, committed, copy, messages, launch, jupyterArgs } = await sandbox();
  await launch([]);
  Deno.writeTextFileSync(copy, "my edits\n");
  Deno.writeTextFileSync(committed, '{"cells": ["new"]}\n');
  await launch([]);
  assert.equal(Deno.readTextFileSync(copy), "my edits\n");
  assert.match(
    messages.join("\n"),
    /has changed since your working copy.*deno task notebook --fresh/,
  );

  messages.length = 0;
  await launch(["--fresh", "--no-browser"]);
  assert.equal(Deno.readTextFileSync(copy), '{"cells": ["new"]}\n');
  assert.equal(
    Deno.readTextFileSync(copy.replace(".ipynb", "-previous.ipynb")),
    "my edits\n",
    "the old copy is kept",
  );
  assert.doesNotMatch(jupyterArgs(), /--fresh/, "--fresh is ours, not Jupyter's");
  await launch([]);
  assert.ok(!messages.some((text) => /has changed/.test(text)), "the fresh copy is current");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the working copy is git-ignored, beside notebooks/, so the notebook's relative imports resolve", async () => {
  assert.equal(dirname(WORKING_DIR), dirname(dirname(COMMITTED_NOTEBOOK)), "same depth");
  const ignored = await new Deno.Command("git", {
    args: ["check-ignore", "--quiet", "--no-index", relative(ROOT, WORKING_COPY)],
    cwd: ROOT,
  }).output();
  assert.equal(ignored.code, 0, `${relative(ROOT, WORKING_COPY)} must be git-ignored`);

  const cells: { cell_type: string; source: string | string[] }[] =
    JSON.parse(Deno.readTextFileSync(COMMITTED_NOTEBOOK)).cells;
  const code = cells.filter((cell) => cell.cell_type === "code").map((cell) =>
    [cell.source].flat().join("")
  ).join("\n");
  const imports = [...code.matchAll(/\bfrom\s+"(\.{1,2}\/[^"]+)"/g)].map((match) => match[1]);
  for (const specifier of imports) {
    const target = resolve(WORKING_DIR, specifier);
    assert.ok(
      Deno.statSync(target).isFile,
      `${specifier} resolves from the working copy to ${target}`,
    );
  }
});
