/** `deno task handout` flags: defaults, checks, file names, and the kernel's environment. */
import assert from "node:assert/strict";
import {
  handoutEnvironment,
  handoutPath,
  handoutTitle,
  parseHandoutArgs,
} from "../../lib/notebook/handout_options.ts";
import { main } from "../../bin/handout.ts";
import { PARAMETER_VARIABLES } from "../../lib/notebook/parameters.ts";

Deno.test("defaults: seed 42, the mixed team's 14 days, code hidden, out/handout-seed42.html", () => {
  const options = parseHandoutArgs([], "/work");
  assert.deepEqual(options, {
    seed: 42,
    days: 14,
    profile: "mixed",
    input: null,
    reportYear: 2023,
    showCode: false,
    out: null,
    help: false,
  });
  assert.equal(handoutPath(options), "out/handout-seed42.html");
  assert.equal(handoutTitle(options), "DORA metrics: seed 42, 14 days");
});

Deno.test("seed, days, profile and report year name the file and the title", () => {
  const options = parseHandoutArgs([
    "--seed",
    "7",
    "--days",
    "30",
    "--show-code",
    "--report-year",
    "2024",
  ], "/w");
  assert.equal(handoutPath(options), "out/handout-seed7.html");
  assert.ok(options.showCode);
  const elite = parseHandoutArgs(["--seed=-3", "--profile", "elite"], "/w");
  assert.equal(elite.seed, -3);
  assert.equal(elite.days, 14);
  assert.equal(handoutPath(elite), "out/handout-seed-3-elite.html");
  assert.equal(handoutTitle(elite), "DORA metrics: seed -3, 14 days, elite team");
  assert.equal(
    parseHandoutArgs(["--profile", "low"], "/w").days,
    365,
    "a profile brings its own window",
  );
});

Deno.test("an events file is resolved from the user's folder and names the handout", () => {
  const options = parseHandoutArgs(["--input", "exports/Q1 events.csv.gz"], "/home/t");
  assert.equal(options.input, "/home/t/exports/Q1 events.csv.gz");
  assert.equal(handoutPath(options), "out/handout-Q1_events.html");
  assert.equal(handoutTitle(options), "DORA metrics: Q1 events.csv.gz");
  assert.equal(
    handoutPath(parseHandoutArgs(["--input", "/data/.csv"], "/")),
    "out/handout-events.html",
  );
  assert.equal(
    handoutPath(parseHandoutArgs(["--input", "a.csv", "--out", "x/h.html"], "/u")),
    "/u/x/h.html",
  );
});

Deno.test("the kernel gets every parameter variable set or removed", () => {
  const synthetic = handoutEnvironment(parseHandoutArgs(["--seed", "7"], "/w"));
  assert.deepEqual(synthetic, {
    set: { REPORT_YEAR: "2023", SEED: "7", DAYS: "14", PROFILE: "mixed" },
    unset: ["EVENTS_FILE", "COMPARE"],
  });
  const file = handoutEnvironment(parseHandoutArgs(["--input", "e.ndjson"], "/w"));
  assert.deepEqual(file, {
    set: { REPORT_YEAR: "2023", EVENTS_FILE: "/w/e.ndjson" },
    unset: ["SEED", "DAYS", "PROFILE", "COMPARE"],
  });
  for (const { set, unset } of [synthetic, file]) {
    assert.deepEqual([...Object.keys(set), ...unset].sort(), [...PARAMETER_VARIABLES].sort());
  }
});

Deno.test("bad flags are usage errors with exit status 2", async () => {
  const cases: [string[], RegExp][] = [
    [["--seed", "x"], /--seed must be a whole number/],
    [["--days", "0"], /--days must be a whole number from 1 to 3660/],
    [["--profile", "great"], /--profile must be one of mixed, elite/],
    [["--report-year", "2019"], /--report-year must be one of 2023, 2024/],
    [
      ["--input", "e.csv", "--seed", "1"],
      /--seed describes synthetic data; it cannot be combined with --input/,
    ],
    [["--input", " "], /--input must name a file/],
    [["--out", ""], /--out must name a file/],
    [["--colour"], /Unknown option '--colour'/],
    [["--input", "/no/such/events.csv"], /--input \/no\/such\/events\.csv: no such file/],
  ];
  for (const [args, message] of cases) {
    const errors: string[] = [];
    assert.equal(
      await main(args, { stdout: () => {}, stderr: (text) => errors.push(text) }),
      2,
      args.join(" "),
    );
    assert.match(errors.join("\n"), message);
    assert.match(errors.join("\n"), /^error: .*(\(see --help\)|no such file)$/);
  }
  const out: string[] = [];
  assert.equal(await main(["--help"], { stdout: (text) => out.push(text), stderr: () => {} }), 0);
  assert.match(out[0], /^Usage: deno task handout/);
});
