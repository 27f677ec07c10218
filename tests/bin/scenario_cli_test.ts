/** `--scenario` and `--compare 42,42:shock`: a trainer sees the shock and nothing else differ. */
import assert from "node:assert/strict";
import { main } from "../../bin/demo.ts";
import { parseCliArgs } from "../../bin/demo_flags.ts";

async function run(args: string[]) {
  const stdout: string[] = [], stderr: string[] = [];
  const code = await main(args, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout, stderr };
}

Deno.test("--compare 42,42:shock shows the shock's incidents and nothing else", async () => {
  const out = Deno.makeTempDirSync();
  const { code, stdout } = await run(["--compare", "42,42:shock", "--out", out]);
  assert.equal(code, 0);
  const text = stdout.join("\n");
  assert.match(text, /metric\s+seed 42\s+seed 42, shock@8/);
  assert.match(
    text,
    /What the scenario changed in seed 42, shock@8: shock@8 \(failure odds ×4 for 7 days from day 8\): added \d+ deploys?, \d+ incident starts?, \d+ resolves?; removed nothing; changed nothing; 55 events the same; the first difference is on 2024-01-(0[89]|1\d)\./,
  );
  const page = Deno.readTextFileSync(`${out}/compare.html`);
  assert.ok(page.includes("What the scenario changed in seed 42, shock@8"));
  const json = JSON.parse(Deno.readTextFileSync(`${out}/compare.json`));
  const [base, shocked] = json.compare;
  assert.equal("scenario_changes" in base, false);
  assert.equal(shocked.source.scenario, "shock@8");
  assert.deepEqual(shocked.scenario_changes.removed, {
    deploy: 0,
    incident_start: 0,
    incident_resolved: 0,
  });
  // The same deploys before the shock, more failures after it.
  assert.deepEqual(shocked.deploys_per_day.slice(0, 7), base.deploys_per_day.slice(0, 7));
  assert.ok(shocked.change_failure_rate.rate > base.change_failure_rate.rate);
});

Deno.test("--scenario changes one run; its summary names the scenario", async () => {
  const { code, stdout } = await run(["--scenario", "faster@3", "--json"]);
  assert.equal(code, 0);
  const summary = JSON.parse(stdout.join("\n"));
  assert.equal(summary.source.scenario, "faster@3");
  const base = JSON.parse((await run(["--json"])).stdout.join("\n"));
  assert.deepEqual(summary.deployment_frequency, base.deployment_frequency);
  assert.ok(summary.recovery.median_minutes < base.recovery.median_minutes);
});

Deno.test("a bad scenario, or one where it cannot go, exits 2 with one line", async () => {
  for (
    const args of [
      ["--scenario", "chaos"],
      ["--scenario", "shock", "--compare", "42,7"],
      ["--scenario", "shock", "--input", "events.csv"],
      ["--compare", "42,42:shock@0"],
    ]
  ) {
    const { code, stdout, stderr } = await run(args);
    assert.equal(code, 2, args.join(" "));
    assert.deepEqual(stdout, []);
    assert.equal(stderr.length, 1, args.join(" "));
  }
  assert.deepEqual(parseCliArgs(["--scenario", "batch=2+shock@3"]).scenario, {
    batchSize: 2,
    shock: { fromDay: 3 },
  });
});
