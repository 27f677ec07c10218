/** `--definitions`: one universe scored under each tool's definition, in the JSON, the report and the text. */
import assert from "node:assert/strict";
import { main } from "../../bin/demo.ts";
import { fixture } from "../helpers.ts";

async function run(args: string[]) {
  const stdout: string[] = [], stderr: string[] = [];
  const code = await main(args, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout, stderr };
}

const INPUT = ["--input", fixture("definitions/one_unrelated_outage.csv")];

Deno.test("--definitions dora,fourkeys,gitlab,devlake adds the issue's table to the JSON", async () => {
  const { code, stdout } = await run([
    ...INPUT,
    "--definitions",
    "dora,fourkeys,gitlab,devlake",
    "--json",
  ]);
  assert.equal(code, 0);
  const summary = JSON.parse(stdout.join("\n"));
  assert.deepEqual(
    summary.definitions.map((row: Record<string, unknown>) => [
      row.name,
      row.cfr,
      row.recovery_minutes,
      row.recovery_unit,
    ]),
    [
      ["dora", 0.5, 200, "minutes"],
      ["fourkeys", 0.25, 0, "hours"],
      ["gitlab", 1, 40, "minutes"],
      ["devlake", 0.75, 960, "minutes"],
    ],
  );
  for (const row of summary.definitions) {
    assert.ok(row.source && row.counts && row.recovery_statistic, row.name);
  }
});

Deno.test("without --definitions the JSON has no definitions key", async () => {
  const { stdout } = await run([...INPUT, "--json"]);
  assert.equal("definitions" in JSON.parse(stdout.join("\n")), false);
});

Deno.test("the report and the text summary show the table with what each counts", async () => {
  const out = Deno.makeTempDirSync();
  const { code, stdout } = await run([...INPUT, "--definitions", "all", "--out", out]);
  assert.equal(code, 0);
  const text = stdout.join("\n");
  assert.match(text, /Why tools disagree/);
  assert.match(
    text,
    /Google Four Keys\s+CFR 25% \(explicitly linked incidents 1 \/ deploys 4\)\s+recovery 0 h, 3 incidents/,
  );
  assert.match(text, /Apache DevLake\s+CFR 75% .*recovery 960 min \(16 h\), 3 incidents/);
  const page = Deno.readTextFileSync(`${out}/report.html`);
  assert.ok(page.includes('<section id="definitions">'));
  assert.ok(page.includes('<td class="text">100% (incidents opened 4 / deploys 4)</td>'));
  assert.ok(page.includes("dora-team/fourkeys"));
  // The scorecard comes first, the incidents last.
  assert.ok(page.indexOf('id="scorecard"') < page.indexOf('id="definitions"'));
  assert.ok(page.indexOf('id="definitions"') < page.indexOf('id="incidents"'));
});

Deno.test("an unknown definition, or --definitions with --compare, exits 2 with one line", async () => {
  const unknown = await run(["--definitions", "dora,jira"]);
  assert.equal(unknown.code, 2);
  assert.deepEqual(unknown.stderr, [
    'error: --definitions: unknown definition "jira" (known: project, dora, fourkeys, gitlab, devlake, or all) (see --help)',
  ]);
  const compare = await run(["--definitions", "dora", "--compare", "42,7"]);
  assert.equal(compare.code, 2);
  assert.equal(compare.stderr.length, 1);
});
