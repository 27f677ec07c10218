/** `deno task handout` flags: defaults, checks, file names, and the kernel's environment. */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import {
  handoutParameters,
  handoutPath,
  handoutTitle,
  paperNote,
  parseHandoutArgs,
} from "../../lib/notebook/handout_options.ts";
import { main } from "../../bin/handout.ts";
import { injectedParametersSource, NOTEBOOK_PATH } from "../../lib/notebook/run.ts";

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
  assert.equal(handoutPath(options), "out/handout-seed7-code.html");
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

Deno.test("--show-code adds -code to the name, so the two handouts never replace each other", () => {
  const name = (args: string[]) => handoutPath(parseHandoutArgs(args, "/w"));
  assert.equal(name(["--seed", "7", "--show-code"]), "out/handout-seed7-code.html");
  assert.equal(name(["--seed", "7"]), "out/handout-seed7.html");
  assert.equal(
    name(["--profile", "elite", "--show-code"]),
    "out/handout-seed42-elite-code.html",
  );
  assert.equal(name(["--input", "e.csv", "--show-code"]), "out/handout-e-code.html");
  assert.equal(name(["--show-code", "--out", "x.html"]), "/w/x.html", "--out is taken as given");
});

Deno.test("the parameters go in as a cell of consts: the values of the flags, not the environment", () => {
  const notebooks = dirname(NOTEBOOK_PATH);
  const project = dirname(notebooks);
  const seven = handoutParameters(
    parseHandoutArgs(["--seed", "7", "--days", "30"], "/w"),
    notebooks,
  );
  assert.deepEqual(seven, {
    SEED: 7,
    DAYS: 30,
    PROFILE: "mixed",
    EVENTS_FILE: "",
    REPORT_YEAR: 2023,
  });
  assert.equal(
    injectedParametersSource(seven),
    [
      "// Injected parameters: the values of this run, replacing the defaults above.",
      "const SEED = 7;",
      "const DAYS = 30;",
      'const PROFILE = "mixed";',
      'const EVENTS_FILE = "";',
      "const REPORT_YEAR = 2023;",
    ].join("\n"),
  );
  const inProject = parseHandoutArgs(
    ["--input", "tests/fixtures/a b.csv", "--report-year", "2024"],
    project,
  );
  assert.deepEqual(handoutParameters(inProject, notebooks), {
    EVENTS_FILE: "../tests/fixtures/a b.csv",
    REPORT_YEAR: 2024,
  });
  const hostile = parseHandoutArgs(["--input", '/data/x";Deno.exit(1);".csv'], "/");
  const source = injectedParametersSource(handoutParameters(hostile, notebooks));
  assert.ok(
    source.endsWith(
      'const EVENTS_FILE = "/data/x\\";Deno.exit(1);\\".csv";\nconst REPORT_YEAR = 2023;',
    ),
    source,
  );
  // The values in the cell are those of the flags, whatever the caller's shell has set.
  Deno.env.set("SEED", "99");
  try {
    assert.equal(handoutParameters(parseHandoutArgs([], "/w"), notebooks).SEED, 42);
  } finally {
    Deno.env.delete("SEED");
  }
});

Deno.test("the note for paper names the run's universe, escaped, and what the reader can do", () => {
  const note = paperNote(parseHandoutArgs(["--seed", "7", "--profile", "elite"], "/w"));
  assert.match(note, /^<div class="paper-note"><p><strong>On paper\.<\/strong>/);
  assert.match(note, /seed 7 \(14 days, elite team\) and the DORA 2023 levels/);
  assert.match(note, /deno task notebook/);
  const file = paperNote(parseHandoutArgs(["--input", '/d/evil"><img src=x>.csv'], "/"));
  assert.match(file, /the events of evil&quot;&gt;&lt;img src=x&gt;\.csv/);
  assert.ok(!file.includes("<img"));
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
