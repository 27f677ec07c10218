/**
 * Tests that need an external tool (Jupyter, Chromium): on a developer machine without it they are
 * ignored with a message saying what to install; in CI (the `CI` variable set) a missing tool
 * fails them instead, so a broken setup can never pass as "all skipped".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IN_CI, requireTool } from "./tool_requirements.ts";
 * const missing = requireTool("cowsay", false, "apt-get install cowsay");
 * assert.equal(missing.ignore, !IN_CI);
 * assert.throws(() => missing.check(), /cowsay is required in CI/);
 * const present = requireTool("deno", true, "");
 * assert.equal(present.ignore, false);
 * present.check();
 * ```
 * @module
 */

export const IN_CI = Boolean(Deno.env.get("CI"));

export interface ToolRequirement {
  /** For `Deno.test`'s `ignore`: true only when the tool is missing outside CI. */
  ignore: boolean;
  /** Throws when the tool is missing (which outside CI means the test was not ignored: never). */
  check(): void;
}

const announced = new Set<string>();

export function requireTool(name: string, available: boolean, help: string): ToolRequirement {
  if (!available && !IN_CI && !announced.has(name)) {
    announced.add(name);
    console.warn(`%cskipping the tests that need ${name}: not found.\n${help}`, "color: yellow");
  }
  return {
    ignore: !available && !IN_CI,
    check() {
      if (!available) throw new Error(`${name} is required in CI but was not found.\n${help}`);
    },
  };
}
