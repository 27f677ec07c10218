/** `--explain ID`: one incident's story, its JSON record, or one line and exit 2 for an unknown id. */
import assert from "node:assert/strict";
import { main } from "../../bin/demo.ts";
import { fixture } from "../helpers.ts";

async function run(args: string[]) {
  const stdout: string[] = [], stderr: string[] = [];
  const code = await main(args, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout, stderr };
}

const INPUT = ["--input", fixture("definitions/one_unrelated_outage.csv")];

Deno.test("--explain prints one incident's story and writes nothing", async () => {
  const out = Deno.makeTempDirSync();
  const { code, stdout, stderr } = await run([...INPUT, "--explain", "i3", "--out", out]);
  assert.equal(code, 0);
  assert.deepEqual(stderr, []);
  assert.deepEqual(stdout, [
    "Incident i3 (service db)",
    "   started 2024-01-02 11:00, resolved 2024-01-02 11:20 (UTC): recovered in 20 min",
    "   cause: none",
    "   No cause: no deploy_id, and no deploy of service db at or before the start. It counts " +
    "toward time to restore (20 min) only, not toward failed deployment recovery time or the " +
    "change failure rate.",
  ]);
  assert.deepEqual([...Deno.readDirSync(out)], []);
});

Deno.test("--explain with --json prints the incident's record", async () => {
  const { code, stdout } = await run([...INPUT, "--explain", "i1", "--json"]);
  assert.equal(code, 0);
  const record = JSON.parse(stdout.join("\n"));
  assert.deepEqual(
    [record.id, record.caused_by, record.recovery_minutes],
    ["i1", "d3", 40],
  );
  assert.match(record.explanation, /^Caused by d3: no deploy_id/);
});

Deno.test("an unknown id exits 2 with one line; --explain does not take --compare", async () => {
  const unknown = await run([...INPUT, "--explain", "i9"]);
  assert.equal(unknown.code, 2);
  assert.deepEqual(unknown.stdout, []);
  assert.deepEqual(unknown.stderr, [
    'error: --explain: no incident "i9" starts in the window (the window has 4, e.g. i4)',
  ]);
  const compare = await run(["--explain", "inc-0001", "--compare", "42,7"]);
  assert.equal(compare.code, 2);
  assert.equal(compare.stderr.length, 1);
  assert.match(compare.stderr[0], /--explain .* does not take --compare/);
});

Deno.test("a synthetic incident's story names its seed's deploy", async () => {
  const { code, stdout } = await run(["--explain", "inc-0001", "--days", "14"]);
  assert.equal(code, 0);
  assert.match(stdout[0], /^Incident inc-0001 \(service \w+\)$/);
  assert.match(stdout[3], /^ {3}(Caused by dep-\d{4}|No cause): /);
});
