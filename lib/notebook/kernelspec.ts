/**
 * The project's Jupyter kernelspec: the Deno kernel under a project-specific name, with
 * `"interrupt_mode": "message"`.
 *
 * Why our own: `deno jupyter --install` writes a spec named `deno` without an interrupt mode, so
 * Jupyter's interrupt button sends SIGINT, which kills the Deno kernel and loses every variable
 * (deno#24491). With `message`, Jupyter asks the kernel to interrupt the running cell and the state
 * survives. The committed notebook names {@link KERNEL_NAME} in its metadata, so opening it picks
 * this spec. The spec runs the Deno that installed it (an absolute path), so a Jupyter started from
 * a desktop launcher, whose PATH may lack Deno, still finds it.
 *
 * @module
 */
import { join } from "node:path";

/** The kernelspec name the notebook's metadata refers to. */
export const KERNEL_NAME = "deno-dora-metrics";
export const KERNEL_DISPLAY_NAME = "Deno (DORA metrics)";

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "message" | "signal";
}

/**
 * The spec for the Deno executable at `denoPath`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kernelSpec } from "./kernelspec.ts";
 *
 * const spec = kernelSpec("/usr/bin/deno");
 * assert.equal(spec.interrupt_mode, "message");
 * assert.deepEqual(spec.argv, ["/usr/bin/deno", "jupyter", "--kernel", "--conn", "{connection_file}"]);
 * ```
 */
export function kernelSpec(denoPath: string): KernelSpec {
  return {
    argv: [denoPath, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "message",
  };
}

/**
 * Writes `kernels/<name>/kernel.json` under a Jupyter data directory (a user data dir, or a folder
 * on JUPYTER_PATH) and returns the kernel's folder. Replaces an earlier spec of the same name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { join } from "node:path";
 * import { KERNEL_NAME, writeKernelSpec } from "./kernelspec.ts";
 *
 * const dataDir = await Deno.makeTempDir();
 * const dir = writeKernelSpec(dataDir, "/usr/bin/deno");
 * assert.equal(dir, join(dataDir, "kernels", KERNEL_NAME));
 * const spec = JSON.parse(Deno.readTextFileSync(join(dir, "kernel.json")));
 * assert.equal(spec.argv[0], "/usr/bin/deno");
 * await Deno.remove(dataDir, { recursive: true });
 * ```
 */
export function writeKernelSpec(dataDir: string, denoPath: string): string {
  const dir = join(dataDir, "kernels", KERNEL_NAME);
  Deno.mkdirSync(dir, { recursive: true });
  Deno.writeTextFileSync(
    join(dir, "kernel.json"),
    JSON.stringify(kernelSpec(denoPath), null, 2) + "\n",
  );
  return dir;
}

/**
 * Jupyter's per-user data directory, the way jupyter_core finds it when `jupyter --data-dir`
 * cannot be asked: JUPYTER_DATA_DIR, else the platform's default.
 */
export function defaultJupyterDataDir(
  env: (name: string) => string | undefined,
  os: typeof Deno.build.os,
): string {
  const explicit = env("JUPYTER_DATA_DIR");
  if (explicit) return explicit;
  const home = env("HOME") ?? env("USERPROFILE") ?? ".";
  if (os === "darwin") return join(home, "Library", "Jupyter");
  if (os === "windows") return join(env("APPDATA") ?? join(home, "AppData", "Roaming"), "jupyter");
  return join(env("XDG_DATA_HOME") || join(home, ".local", "share"), "jupyter");
}
