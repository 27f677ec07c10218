/**
 * The committed training notebook: no outputs, a parameters cell that reads the environment, a
 * markdown explanation before every step, short code cells that only call lib/, imports from the
 * import map, and nothing that would put an external link into the handout.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { NOTEBOOK_PATH } from "../../lib/notebook/run.ts";
import { PARAMETER_VARIABLES } from "../../lib/notebook/parameters.ts";
import { KERNEL_NAME } from "../../lib/notebook/kernelspec.ts";

interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id: string;
  metadata: { tags?: string[] };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

const notebook = JSON.parse(Deno.readTextFileSync(NOTEBOOK_PATH));
const cells: Cell[] = notebook.cells;
const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const codeCells = cells.filter((cell) => cell.cell_type === "code");
const importMap: Record<string, string> = JSON.parse(
  Deno.readTextFileSync(new URL("../../deno.json", import.meta.url)),
).imports;

Deno.test("the committed notebook has no outputs, no execution counts and no run metadata", () => {
  assert.equal(notebook.nbformat, 4);
  assert.ok(notebook.nbformat_minor >= 5, "cell ids need nbformat 4.5");
  for (const cell of codeCells) {
    assert.deepEqual(cell.outputs, [], `cell ${cell.id} has outputs`);
    assert.equal(cell.execution_count, null, `cell ${cell.id} has an execution count`);
    assert.ok(!("execution" in cell.metadata), `cell ${cell.id} has timing metadata`);
  }
  assert.equal(notebook.metadata.language_info.version, undefined, "no kernel version recorded");
  assert.deepEqual(Object.keys(notebook.metadata).sort(), ["kernelspec", "language_info"]);
  assert.equal(notebook.metadata.kernelspec.name, KERNEL_NAME, "it opens on the project kernel");
  assert.equal(notebook.metadata.kernelspec.language, "typescript");
  const ids = cells.map((cell) => cell.id);
  assert.equal(new Set(ids).size, ids.length);
});

Deno.test("the first code cell is the parameters cell, and each parameter reads its variable first", () => {
  const [parameters] = codeCells;
  assert.deepEqual(parameters.metadata.tags, ["parameters"]);
  assert.equal(cells.filter((cell) => cell.metadata.tags?.includes("parameters")).length, 1);
  for (const name of PARAMETER_VARIABLES) {
    assert.match(
      text(parameters),
      new RegExp(`^const ${name} = (Number\\()?Deno\\.env\\.get\\("${name}"\\) \\?\\? [^;]+;`, "m"),
      `${name} reads the environment, then falls back to a default`,
    );
  }
  assert.match(text(parameters), /const SEED = Number\(Deno\.env\.get\("SEED"\) \?\? 42\);/);
});

Deno.test("every step is explained in markdown before its code", () => {
  cells.forEach((cell, index) => {
    if (cell.cell_type !== "code" || index === 0) return;
    assert.equal(cells[index - 1].cell_type, "markdown", `no markdown before cell ${cell.id}`);
  });
  assert.equal(cells[0].cell_type, "markdown");
  const markdown = cells.filter((cell) => cell.cell_type === "markdown").map(text).join("\n");
  for (
    const topic of [
      "Deployments per day",
      "Deployment frequency",
      "Recovery time",
      "Timeline",
      "scorecard",
    ]
  ) {
    assert.match(markdown, new RegExp(`^## .*${topic}`, "mi"), `a section on ${topic}`);
  }
  const exercise = text(cells.at(-1)!);
  assert.match(exercise, /^## Exercise/);
  assert.match(exercise, /`SEED`.*`7`/s);
  assert.match(exercise, /What happened to recovery\?/);
});

Deno.test("code cells are a few lines that call lib/ through the import map", () => {
  for (const cell of codeCells) {
    assert.ok(
      text(cell).split("\n").length <= 16,
      `cell ${cell.id} is long: logic belongs in lib/`,
    );
    const code = text(cell).replace(/\/\/.*$/gm, "").replace(/"[^"]*"/g, '""');
    assert.ok(!/\b(function|class|for|while|if)\b|=>/.test(code), `cell ${cell.id} holds logic`);
  }
  const specifiers = codeCells.flatMap((cell) =>
    [...text(cell).matchAll(/from "([^"]+)"/g)].map((m) => m[1])
  );
  assert.ok(specifiers.length > 0);
  for (const specifier of specifiers) {
    if (specifier.startsWith("../lib/")) {
      assert.ok(existsSync(resolve(dirname(NOTEBOOK_PATH), specifier)), `${specifier} exists`);
    } else {
      assert.ok(specifier in importMap, `${specifier} comes from deno.json's import map`);
    }
  }
  assert.ok(specifiers.includes("jsdom"));
});

Deno.test("markdown holds no links, which the handout would turn into external hrefs", () => {
  for (const cell of cells.filter((cell) => cell.cell_type === "markdown")) {
    assert.ok(!/https?:|file:|\]\(|<a\s/i.test(text(cell)), `cell ${cell.id} links out`);
  }
});
