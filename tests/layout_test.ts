/**
 * The layout is the architecture: data flows one way through the folders of `lib/`, and `bin/`
 * sits on top. These tests read every import and fail on one that runs back up the flow.
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Each concern's place in the flow. A file may import from its own folder and from folders of a
 * lower layer only; folders that share a layer are independent of each other.
 */
const LAYERS: Record<string, number> = {
  core: 0,
  ingest: 1,
  synthetic: 1,
  metrics: 1,
  pipeline: 2,
  charts: 3,
  report: 4,
  notebook: 5,
};
const BIN_LAYER = 6;
const MAX_LIB_FILE_LINES = 400;

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...walk(path));
    else if (entry.name.endsWith(".ts")) files.push(path);
  }
  return files.sort();
}

/** Relative module specifiers of a file's code, leaving out the `@example`s in its comments. */
function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^"']*?from\s*["'](\.[^"']+)["']/g)]
    .map((match) => match[1]);
}

/** The concern a path belongs to: `core`, `charts`, …, `bin`, or `lib` for `lib/mod.ts`. */
function concernOf(path: string): string {
  const parts = relative(ROOT, path).split("/");
  if (parts[0] === "bin") return "bin";
  return parts.length === 2 ? "lib" : parts[1];
}

function layerOf(concern: string): number {
  if (concern === "bin") return BIN_LAYER;
  if (concern === "lib") return BIN_LAYER - 0.5;
  assert.ok(concern in LAYERS, `lib/${concern}/ has no layer in tests/layout_test.ts`);
  return LAYERS[concern];
}

const sources = [...walk(join(ROOT, "lib")), ...walk(join(ROOT, "bin"))];

Deno.test("no import runs back up the flow or sideways between concerns", () => {
  const violations: string[] = [];
  for (const file of sources) {
    const from = concernOf(file);
    for (const specifier of importsOf(Deno.readTextFileSync(file))) {
      const target = resolve(dirname(file), specifier);
      const to = concernOf(target);
      if (to === from) continue;
      if (layerOf(to) >= layerOf(from)) {
        violations.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

Deno.test("a folder's own files never import its mod.ts, so re-exports cannot form cycles", () => {
  const violations = sources.filter((file) =>
    importsOf(Deno.readTextFileSync(file)).some((specifier) => {
      const target = resolve(dirname(file), specifier);
      return target.endsWith("/mod.ts") && file.startsWith(dirname(target) + "/") &&
        file !== target;
    })
  ).map((file) => relative(ROOT, file));
  assert.deepEqual(violations, []);
});

Deno.test("lib/ holds only folders and mod.ts, and every folder has a mod.ts", () => {
  const loose = [...Deno.readDirSync(join(ROOT, "lib"))]
    .filter((entry) => entry.isFile && entry.name !== "mod.ts").map((entry) => entry.name);
  assert.deepEqual(loose, []);
  const folders = new Set(
    walk(join(ROOT, "lib")).map((file) => dirname(file)).filter((dir) => dir !== join(ROOT, "lib")),
  );
  const withoutMod = [...folders].filter((dir) => !sources.includes(join(dir, "mod.ts")));
  assert.deepEqual(withoutMod.map((dir) => relative(ROOT, dir)), []);
});

Deno.test(`no file in lib/ is over ${MAX_LIB_FILE_LINES} lines`, () => {
  const long = walk(join(ROOT, "lib"))
    .map((file) => [relative(ROOT, file), Deno.readTextFileSync(file).split("\n").length - 1])
    .filter(([, lines]) => (lines as number) > MAX_LIB_FILE_LINES);
  assert.deepEqual(long, []);
});

Deno.test("the import reader sees code imports and skips @example imports", () => {
  const source = [
    "/**",
    ' * import { a } from "../up.ts";',
    " */",
    'import { b } from "./same.ts";',
    'export { c } from "../down/c.ts";',
    'import type {\n  D,\n} from "../multi.ts";',
  ].join("\n");
  assert.deepEqual(importsOf(source), ["./same.ts", "../down/c.ts", "../multi.ts"]);
});

Deno.test("test:unit lists every test folder but e2e/ and fixtures/, so check runs them all", () => {
  // deno test ignores --ignore when tests/ itself is given, so test:unit names its folders; a new
  // folder left off that list would run in `test` but never in `check`.
  const tasks = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))).tasks;
  const unit: string = tasks["test:unit"].command;
  const folders = [...Deno.readDirSync(join(ROOT, "tests"))]
    .filter((entry) => entry.isDirectory && !["e2e", "fixtures"].includes(entry.name))
    .map((entry) => `tests/${entry.name}/`);
  assert.ok(folders.length > 5, "the test folders are found");
  assert.deepEqual(folders.filter((folder) => !unit.split(" ").includes(folder)), []);
});
