/**
 * The project kernelspec: its content, where `deno task kernel` puts it, that Jupyter lists it, and
 * that the interrupt button stops a busy cell without losing the kernel's state.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { findJupyterPython, NBCONVERT_MISSING_HELP } from "../../lib/notebook/jupyter_tools.ts";
import { main } from "../../bin/kernel.ts";
import {
  defaultJupyterDataDir,
  KERNEL_NAME,
  kernelSpec,
  writeKernelSpec,
} from "../../lib/notebook/kernelspec.ts";
import { requireTool } from "../e2e/tool_requirements.ts";

const python = await findJupyterPython();
const jupyter = requireTool(
  "Jupyter (nbclient, nbconvert)",
  python !== null,
  NBCONVERT_MISSING_HELP,
);

Deno.test("the kernelspec runs this Deno's kernel and interrupts by message", () => {
  assert.deepEqual(kernelSpec("/opt/deno"), {
    argv: ["/opt/deno", "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno (DORA metrics)",
    language: "typescript",
    interrupt_mode: "message",
  });
});

Deno.test("the kernel task writes kernels/<name>/kernel.json into the data dir", async () => {
  const dataDir = await Deno.makeTempDir();
  const lines: string[] = [];
  const io = {
    stdout: (line: string) => lines.push(line),
    stderr: (line: string) => lines.push(line),
  };
  assert.equal(await main(["--data-dir", dataDir], io), 0);
  const written = JSON.parse(
    Deno.readTextFileSync(join(dataDir, "kernels", KERNEL_NAME, "kernel.json")),
  );
  assert.deepEqual(written, kernelSpec(Deno.execPath()));
  assert.match(
    lines.join("\n"),
    new RegExp(`Installed the Jupyter kernel ${KERNEL_NAME} .* in ${dataDir}`),
  );
  // Installing again replaces the spec instead of failing.
  writeKernelSpec(dataDir, "/elsewhere/deno");
  assert.equal(
    JSON.parse(Deno.readTextFileSync(join(dataDir, "kernels", KERNEL_NAME, "kernel.json"))).argv[0],
    "/elsewhere/deno",
  );
  assert.equal(await main(["--bogus"], io), 2);
  assert.match(lines.at(-1)!, /^error: Unknown option '--bogus'/);
});

Deno.test("without Jupyter to ask, the data dir is Jupyter's platform default", () => {
  const env = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(defaultJupyterDataDir(env({ JUPYTER_DATA_DIR: "/d", HOME: "/h" }), "linux"), "/d");
  assert.equal(defaultJupyterDataDir(env({ HOME: "/h" }), "linux"), "/h/.local/share/jupyter");
  assert.equal(
    defaultJupyterDataDir(env({ HOME: "/h", XDG_DATA_HOME: "/x" }), "linux"),
    "/x/jupyter",
  );
  assert.equal(defaultJupyterDataDir(env({ HOME: "/h" }), "darwin"), "/h/Library/Jupyter");
  assert.match(defaultJupyterDataDir(env({ APPDATA: "C:\\A" }), "windows"), /^C:\\A[\\/]jupyter$/);
});

/** Starts the kernel through jupyter_client, interrupts a busy cell, and reads a variable back. */
const INTERRUPT_CHECK = `
import json, time
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name=${JSON.stringify(KERNEL_NAME)})
result = {"interrupt_mode": km.kernel_spec.interrupt_mode}
try:
    kc.execute("let counter = 41; counter += 1;")
    kc.get_shell_msg(timeout=60)
    kc.execute("while (true) {}")
    time.sleep(1)
    km.interrupt_kernel()
    result["busy_cell"] = kc.get_shell_msg(timeout=20)["content"]["status"]
    result["alive"] = km.is_alive()
    msg_id = kc.execute("counter * 1")
    kc.get_shell_msg(timeout=20)
    while "counter" not in result:
        msg = kc.get_iopub_msg(timeout=10)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
            result["counter"] = msg["content"]["data"]["text/plain"]
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(result))
`;

Deno.test({
  name: "Jupyter lists the kernel, and interrupting a busy cell keeps the kernel and its variables",
  ignore: jupyter.ignore,
  async fn() {
    jupyter.check();
    const dataDir = await Deno.makeTempDir();
    writeKernelSpec(dataDir, Deno.execPath());
    const env = { JUPYTER_PATH: dataDir, NO_COLOR: "1" };
    const list = await new Deno.Command(python!, {
      args: ["-m", "jupyter_client.kernelspecapp", "list", "--json"],
      env,
      stderr: "null",
    }).output();
    const specs = JSON.parse(new TextDecoder().decode(list.stdout)).kernelspecs;
    assert.equal(specs[KERNEL_NAME]?.spec.interrupt_mode, "message");
    assert.equal(specs[KERNEL_NAME]?.resource_dir, join(dataDir, "kernels", KERNEL_NAME));

    const run = await new Deno.Command(python!, {
      args: ["-c", INTERRUPT_CHECK],
      env,
      cwd: dataDir,
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(run.stderr);
    assert.ok(run.success, stderr);
    const result = JSON.parse(new TextDecoder().decode(run.stdout).trim().split("\n").at(-1)!);
    assert.deepEqual(result, {
      interrupt_mode: "message",
      busy_cell: "error",
      alive: true,
      counter: "42",
    });
    await Deno.remove(dataDir, { recursive: true });
  },
});
