/** `deno task notebook`: starts a Jupyter frontend on notebooks/, or says how to install one. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const LAUNCHER = fileURLToPath(new URL("../../bin/notebook.ts", import.meta.url));

/** Runs the launcher with only `bin` on PATH, as the task does (same permissions). */
async function launch(bin: string, args: string[] = []) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env", "--allow-run", LAUNCHER, ...args],
    env: { PATH: bin },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

Deno.test("without JupyterLab or Notebook it names the Debian package and exits 1", async () => {
  const empty = await Deno.makeTempDir();
  const { code, stderr } = await launch(empty);
  assert.equal(code, 1);
  assert.match(stderr, /Neither JupyterLab nor Jupyter Notebook is installed/);
  assert.match(stderr, /sudo apt-get install jupyter-notebook/);
  await Deno.remove(empty, { recursive: true });
});

Deno.test("with a frontend it opens notebooks/ and passes extra arguments on", async () => {
  const bin = await Deno.makeTempDir();
  const script = `${bin}/jupyter-notebook`;
  Deno.writeTextFileSync(
    script,
    `#!/bin/sh\n[ "$1" = "--version" ] && exit 0\necho "args: $*"\nexit 7\n`,
  );
  Deno.chmodSync(script, 0o755);
  const { code, stdout, stderr } = await launch(bin, ["--no-browser"]);
  assert.equal(code, 7, "the frontend's exit status is the task's");
  assert.match(stdout, /^args: --notebook-dir=\S+\/notebooks --no-browser$/m);
  assert.match(stderr, /Starting jupyter-notebook on \S+\/notebooks/);
  await Deno.remove(bin, { recursive: true });
});
