/**
 * The committed training notebook: no outputs; a parameters cell of plain values; a markdown
 * explanation before every step; short code cells of polars steps and lib/ building blocks, each
 * importing what it uses; every metric section ending in a DataFrame before its chart; no
 * environment reads, no waits; exercises with answers that match the pipeline.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { NOTEBOOK_PATH } from "../../lib/notebook/run.ts";
import { NOTEBOOK_PARAMETERS } from "../../lib/notebook/parameters.ts";
import { KERNEL_NAME } from "../../lib/notebook/kernelspec.ts";
import { NOTEBOOK_OUTPUTS } from "../../lib/notebook/notebook_outputs.ts";
import { STEP_SECTIONS } from "../../lib/notebook/lesson.ts";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";

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
const markdownCells = cells.filter((cell) => cell.cell_type === "markdown");
const tagged = (cell: Cell, tag: string) => cell.metadata.tags?.includes(tag) ?? false;
/** Code without comments and string contents, so words in them do not count as code. */
const bare = (cell: Cell) =>
  text(cell).replace(/\/\/.*$/gm, "").replace(/`[^`]*`/gs, "``").replace(/"[^"]*"/g, '""');
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

Deno.test("the first code cell holds the parameters as plain values, and nothing else", () => {
  const [parameters] = codeCells;
  assert.deepEqual(parameters.metadata.tags, ["parameters"]);
  assert.equal(cells.filter((cell) => tagged(cell, "parameters")).length, 1);
  const statements = text(parameters).split("\n").map((line) => line.replace(/\s*\/\/.*$/, ""))
    .filter((line) => line.trim() !== "");
  assert.deepEqual(statements, [
    "const SEED = 42;",
    "const DAYS = 14;",
    'const PROFILE = "mixed";',
    'const EVENTS_FILE = "";',
    "const REPORT_YEAR = 2023;",
    'const COMPARE = "42,7";',
    'const TIME_ZONE = "UTC";',
  ]);
  assert.deepEqual(statements.map((line) => line.split(" ")[1]), [...NOTEBOOK_PARAMETERS]);
  assert.ok(
    !cells.some((cell) => tagged(cell, "injected-parameters")),
    "injected only at run time",
  );
});

Deno.test("no cell reads the environment or waits: no Deno.env, no await, no timers", () => {
  for (const cell of codeCells) {
    const code = bare(cell);
    assert.ok(!/Deno\.env/.test(text(cell)), `cell ${cell.id} reads the environment`);
    assert.ok(!/\bawait\b/.test(code), `cell ${cell.id} awaits`);
    assert.ok(
      !/\b(setTimeout|setInterval|queueMicrotask|sleep|delay)\b|new Promise/.test(code),
      `cell ${cell.id} waits on a timer or a promise`,
    );
  }
});

Deno.test("every step is explained in markdown before its code", () => {
  cells.forEach((cell, index) => {
    if (cell.cell_type !== "code" || index === 0) return;
    assert.equal(cells[index - 1].cell_type, "markdown", `no markdown before cell ${cell.id}`);
  });
  assert.equal(cells[0].cell_type, "markdown");
  const headings = markdownCells.map(text).join("\n").match(/^## .*$/gm) ?? [];
  assert.deepEqual(headings, [
    "## 1. Events",
    "## 2. Deployments per day",
    "## 3. Deployment frequency",
    "## 4. Recovery time",
    "## 5. Change failure rate",
    "## 6. Change lead time",
    "## 7. Summary and DORA scorecard",
    "## 8. Two universes side by side",
    "## 9. Why tools disagree",
    "## Exercises",
  ]);
});

Deno.test("the code cells and their outputs are the ones lib/notebook/notebook_outputs.ts lists", () => {
  assert.deepEqual(codeCells.map((cell) => cell.id), NOTEBOOK_OUTPUTS.map((output) => output.cell));
  for (const [index, output] of NOTEBOOK_OUTPUTS.entries()) {
    const cell = codeCells[index];
    assert.equal(
      tagged(cell, "live-only"),
      output.liveOnly ?? false,
      `live-only tag of ${cell.id}`,
    );
    const last = text(cell).trim().split("\n").findLast((line) => /^[A-Za-z]/.test(line)) ?? "";
    if (output.kind === "frame") {
      assert.match(last, /^(view|agreement)\(/, `${cell.id} ends in a DataFrame view`);
    }
    if (output.kind === "chart") assert.match(last, /^draw[A-Z]\w*\(step\./, `${cell.id} draws`);
    if (output.kind === null) assert.ok(!/^(view|draw)/.test(last), `${cell.id} shows nothing`);
  }
});

Deno.test("each metric section ends in a DataFrame view, then its chart drawn from a step", () => {
  const charts = NOTEBOOK_OUTPUTS.map((output, index) => ({ output, index }))
    .filter(({ output }) => output.kind === "chart");
  assert.equal(charts.length, 5);
  for (const { output, index } of charts) {
    assert.equal(NOTEBOOK_OUTPUTS[index - 1].kind, "frame", `a DataFrame before ${output.cell}`);
  }
  // Sections 2 to 6 each have a chart.
  const sectionOf = new Map<string, string>();
  let section = "";
  for (const cell of cells) {
    section = text(cell).match(/^## (.*)$/m)?.[1] ?? section;
    sectionOf.set(cell.id, section);
  }
  assert.deepEqual(charts.map(({ output }) => sectionOf.get(output.cell)), [
    "2. Deployments per day",
    "3. Deployment frequency",
    "4. Recovery time",
    "5. Change failure rate",
    "6. Change lead time",
  ]);
});

Deno.test("at least five code cells show polars steps directly: groupBy, agg, join, filter, select", () => {
  const polars = codeCells.filter((cell) =>
    /\bpl\.(col|len|lit)\(/.test(text(cell)) &&
    /\.(groupBy|agg|join|filter|select|withColumns)\(/.test(text(cell))
  );
  assert.ok(polars.length >= 5, `only ${polars.map((cell) => cell.id).join(", ")}`);
  const verbs = polars.filter((cell) => !tagged(cell, "live-only")).map(text).join("\n");
  for (const verb of ["groupBy", "agg", "join", "filter", "select"]) {
    assert.match(verbs, new RegExp(`\\.${verb}\\(`), `a cell shows .${verb}( on the page`);
  }
});

Deno.test("code cells are short, hold no logic, and import what they use from lib/ or the import map", () => {
  const builtins = new Set(["Number", "String", "Boolean", "Object", "Array", "Date", "JSON"]);
  for (const cell of codeCells.slice(1)) {
    assert.ok(
      text(cell).split("\n").length <= 18,
      `cell ${cell.id} is long: logic belongs in lib/`,
    );
    const code = bare(cell);
    assert.ok(!/\b(function|class|for|while|if)\b|=>/.test(code), `cell ${cell.id} holds logic`);
    const imported = new Set(
      [...text(cell).matchAll(/import\s+(?:(\w+)|\{([^}]*)\})\s+from/g)].flatMap((match) =>
        match[1] ? [match[1]] : match[2].split(",").map((name) => name.trim()).filter(Boolean)
      ),
    );
    const used = new Set([
      ...[...code.matchAll(/(?<![.\w])([A-Za-z_]\w*)\(/g)].map((match) => match[1]),
      ...[...code.matchAll(/(?<![.\w])(pl|step)\./g)].map((match) => match[1]),
    ]);
    for (const name of used) {
      if (builtins.has(name) || name === "import") continue;
      assert.ok(imported.has(name), `cell ${cell.id} uses ${name} without importing it`);
    }
  }
  const specifiers = codeCells.flatMap((cell) =>
    [...text(cell).matchAll(/from "([^"]+)"/g)].map((m) => m[1])
  );
  for (const specifier of specifiers) {
    if (specifier.startsWith("../lib/")) {
      assert.ok(existsSync(resolve(dirname(NOTEBOOK_PATH), specifier)), `${specifier} exists`);
    } else {
      assert.ok(specifier in importMap, `${specifier} comes from deno.json's import map`);
    }
  }
});

Deno.test("every step a cell keeps is named in STEP_SECTIONS with the section that makes it", () => {
  let section = "";
  const made = new Map<string, string>();
  for (const cell of cells) {
    section = text(cell).match(/^## (.*)$/m)?.[1] ?? section;
    if (cell.cell_type !== "code") continue;
    for (const match of text(cell).matchAll(/^step\.(\w+) = /gm)) made.set(match[1], section);
    if (/loadEvents\(/.test(text(cell))) {
      ["window", "rejected"].forEach((n) => made.set(n, section));
    }
  }
  assert.deepEqual(Object.fromEntries([...made].sort()), { ...STEP_SECTIONS_SORTED });
});

const STEP_SECTIONS_SORTED = Object.fromEntries(Object.entries(STEP_SECTIONS).sort());

Deno.test("the opening names both frontends' menus, and live instructions are tagged live-only", () => {
  const opening = cells.slice(0, cells.findIndex((cell) => cell.cell_type === "code"))
    .map(text).join("\n");
  for (
    const menu of [
      "Cell → Run All Below",
      "Kernel → Restart & Run All",
      "Run → Run Selected Cell and All Below",
    ]
  ) {
    assert.ok(opening.includes(menu), `the opening names ${menu}`);
  }
  assert.match(opening, /Interrupting a cell that is _waiting_.*hangs the Deno kernel/s);
  for (const cell of markdownCells) {
    if (/(Run|Cell|Kernel) →|run the cell|Set `[A-Z_]+ =/i.test(text(cell))) {
      assert.ok(tagged(cell, "live-only"), `cell ${cell.id} gives live instructions`);
    }
  }
});

Deno.test("markdown holds no links, which the handout would turn into external hrefs", () => {
  for (const cell of markdownCells) {
    assert.ok(!/https?:|file:|\]\(|<a\s/i.test(text(cell)), `cell ${cell.id} links out`);
  }
});

Deno.test("every exercise has an answer to check, and one rebuilds a metric by hand", () => {
  const exercises = text(cells.find((cell) => cell.id === "exercises")!);
  const numbered = exercises.match(/^\d+\. \*\*/gm) ?? [];
  const answers = exercises.match(/<details><summary>Answer<\/summary>/g) ?? [];
  assert.ok(numbered.length >= 3);
  assert.equal(answers.length, numbered.length, "one folded answer per exercise");
  const rebuild = codeCells.find((cell) => cell.id === "rebuild")!;
  assert.match(text(rebuild), /checkAnswer\("median recovery minutes", mine\)/);
  assert.match(
    text(cells.find((cell) => cell.id === "rebuild-md")!),
    /<details>[\s\S]*\.median\(\)/,
  );
});

Deno.test("the numbers the answers quote are the pipeline's, for seeds 42 and 7", () => {
  const exercises = text(cells.find((cell) => cell.id === "exercises")!);
  const [forty, seven] = [42, 7].map((seed) =>
    summarize(analyze({ kind: "synthetic", seed, days: 14 }))
  );
  const minutes = (value: number | null) => `${value!.toFixed(1)} min`;
  assert.ok(
    exercises.includes(
      `With seed 42 the mean is ${minutes(forty.recovery.mean_minutes)} and the median ` +
        `${minutes(forty.recovery.median_minutes)}; with seed 7 the mean is ` +
        `${minutes(seven.recovery.mean_minutes)} and`,
    ),
    "seed 42 and 7 recovery",
  );
  assert.ok(exercises.includes(`the median ${minutes(seven.recovery.median_minutes)}.`));
  const longest = seven.incidents.reduce((a, b) =>
    (a.recovery_minutes ?? 0) >= (b.recovery_minutes ?? 0) ? a : b
  );
  assert.ok(
    exercises.includes(
      `\`${longest.id}\` on \`${longest.service}\`, took ${minutes(longest.recovery_minutes)}`,
    ),
    "the longest incident of seed 7",
  );
  const deployDays = forty.deploys_per_day.filter((day) => day.deploys > 0).length;
  const deploys = forty.deployment_frequency.deploys;
  assert.ok(exercises.includes(`(${deployDays} with seed 42)`));
  assert.ok(exercises.includes(`every day of the window (${forty.deploys_per_day.length})`));
  assert.ok(
    exercises.includes(
      `${deploys} ÷ ${deployDays} = ${(deploys / deployDays).toFixed(1)} instead of ${deploys} ÷ ` +
        `${forty.deploys_per_day.length} = ${(deploys / forty.deploys_per_day.length).toFixed(1)}`,
    ),
  );
});

Deno.test("the rebuild exercise's folded answer passes its own check, for seeds 42 and 7", async () => {
  const markdown = text(cells.find((cell) => cell.id === "rebuild-md")!);
  const answer = markdown.match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(answer, "the answer is a ts block");
  const lib = new URL("../../lib/notebook/", import.meta.url).href;
  const module = await Deno.makeTempFile({ suffix: ".ts" });
  try {
    for (const seed of [42, 7]) {
      Deno.writeTextFileSync(
        module,
        [
          'import pl from "nodejs-polars";',
          `import { loadEvents, step } from "${lib}lesson.ts";`,
          `import { checkAnswer } from "${lib}lesson_views.ts";`,
          `step.events = loadEvents({ seed: ${seed}, days: 14, profile: "mixed", eventsFile: "", ` +
          'timeZone: "UTC" });',
          answer,
          'export const verdict = checkAnswer("median recovery minutes", mine)["text/plain"];',
          `// ${seed}`,
        ].join("\n"),
      );
      const { verdict } = await import(`${new URL(`file://${module}`).href}?seed=${seed}`);
      assert.match(verdict, new RegExp(`^✓ .* of seed ${seed}, mixed team`));
    }
  } finally {
    await Deno.remove(module);
  }
});
