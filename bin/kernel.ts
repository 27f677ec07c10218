/**
 * `deno task kernel`: installs the project's Deno kernelspec (see `kernelspec.ts`) for the current
 * user, so a notebook opened from `notebooks/` runs on this project's kernel and survives the
 * interrupt button.
 *
 * Where: `--data-dir DIR` if given, else the folder `jupyter --data-dir` names, else Jupyter's
 * default for this platform (so it also works before Jupyter itself is installed).
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  defaultJupyterDataDir,
  KERNEL_DISPLAY_NAME,
  KERNEL_NAME,
  writeKernelSpec,
} from "../lib/notebook/kernelspec.ts";

/** The `--help` text. */
export const KERNEL_USAGE = `Usage: deno task kernel [--data-dir DIR]

Installs the Jupyter kernelspec "${KERNEL_NAME}" (${KERNEL_DISPLAY_NAME}) that the
training notebook uses: this Deno, with "interrupt_mode": "message", so the
interrupt button stops a cell without killing the kernel.

  --data-dir DIR    a Jupyter data directory to install into (default: the
                    one "jupyter --data-dir" prints, or the platform default)
`;

/** What `jupyter --data-dir` prints, or null when Jupyter is not there to ask. */
async function jupyterDataDir(): Promise<string | null> {
  try {
    const { success, stdout } = await new Deno.Command("jupyter", {
      args: ["--data-dir"],
      stderr: "null",
    })
      .output();
    const dir = new TextDecoder().decode(stdout).trim();
    return success && dir ? dir : null;
  } catch {
    return null;
  }
}

/** Where the installer writes. */
export interface KernelInstallIo {
  /** One line of output. */
  stdout: (text: string) => void;
  /** One line of errors. */
  stderr: (text: string) => void;
}

const processIo: KernelInstallIo = {
  stdout: (text) => console.log(text),
  stderr: (text) => console.error(text),
};

/**
 * Installs the kernelspec and returns the exit status.
 *
 * @example Into a data directory of its own
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./kernel.ts";
 *
 * const dataDir = await Deno.makeTempDir();
 * const lines: string[] = [];
 * const io = { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line) };
 * assert.equal(await main(["--data-dir", dataDir], io), 0);
 * assert.match(lines[0], /^Installed the Jupyter kernel deno-dora-metrics/);
 * const spec = JSON.parse(await Deno.readTextFile(`${dataDir}/kernels/deno-dora-metrics/kernel.json`));
 * assert.equal(spec.interrupt_mode, "message");
 * ```
 */
export async function main(
  args: readonly string[],
  io: KernelInstallIo = processIo,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    io.stderr(`error: ${(error as Error).message.split("\n")[0]} (see --help)`);
    return 2;
  }
  if (values.help) {
    io.stdout(KERNEL_USAGE);
    return 0;
  }
  const dataDir = values["data-dir"] ?? await jupyterDataDir() ??
    defaultJupyterDataDir((name) => Deno.env.get(name), Deno.build.os);
  const dir = writeKernelSpec(dataDir, Deno.execPath());
  io.stdout(`Installed the Jupyter kernel ${KERNEL_NAME} ("${KERNEL_DISPLAY_NAME}") in ${dir}`);
  io.stdout(
    `It runs ${Deno.execPath()}; run deno task kernel again after moving or upgrading Deno.`,
  );
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
