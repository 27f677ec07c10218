/** The CLI flags for reading inputs: --from, --map, the adapter options, --strict and --rejected. */
import assert from "node:assert/strict";
import { main } from "../../bin/demo.ts";
import { parseCliArgs, UsageError } from "../../bin/demo_flags.ts";
import { csvCell, rejectedCsv } from "../../lib/report/rejected_csv.ts";
import { csv, demoProcess, fixture, tempFile } from "../helpers.ts";

interface Run {
  status: number;
  stdout: string[];
  stderr: string[];
}

async function run(...args: string[]): Promise<Run> {
  const result: Run = { status: -1, stdout: [], stderr: [] };
  result.status = await main(args, {
    stdout: (text) => result.stdout.push(text),
    stderr: (text) => result.stderr.push(text),
  });
  return result;
}

const CLEAN = csv(
  "timestamp,type,id",
  "2024-03-04T09:00:00Z,deploy,d1",
  "2024-03-05T09:00:00Z,deploy,d2",
);
const TWO_BAD_ROWS = csv(
  "timestamp,type,id",
  "2024-03-04T09:00:00Z,deploy,d1",
  '2024-03-04T10:00:00,deploy,"d2, the second"',
  "2024-03-05T09:00:00Z,rollback,d3",
);

Deno.test("the ingest flags are parsed into options, and absent when none is given", () => {
  assert.equal(parseCliArgs(["--input", "a.csv"]).ingest, undefined);
  const options = parseCliArgs([
    "--input",
    "runs.json",
    "--input",
    "incidents.json",
    "--from",
    "github-actions",
    "--from",
    "pagerduty",
    "--workflow",
    "Deploy",
    "--workflow",
    "release.yml",
    "--any-conclusion",
    "--environment",
    "live",
    "--service",
    " shop ",
    "--map",
    "timestamp=Created On",
    "--strict",
    "--rejected",
    "out/rejected.csv",
  ]);
  assert.deepEqual(options.ingest?.read.from, ["github-actions", "pagerduty"]);
  assert.deepEqual(options.ingest?.read.adapter, {
    workflows: ["Deploy", "release.yml"],
    environments: ["live"],
    anyConclusion: true,
  });
  // One --service names the service of every input.
  assert.deepEqual(options.ingest?.read.filters, { services: ["shop", "shop"] });
  assert.equal(options.ingest?.read.columnMap?.columns.get("timestamp"), "Created On");
  assert.equal(options.ingest?.strict, true);
  assert.equal(options.ingest?.rejectedFile, "out/rejected.csv");
});

Deno.test("bad ingest flags are usage errors with one-line messages", () => {
  const bad: [string[], RegExp][] = [
    [["--input", "a.json", "--from", "jira"], /--from "jira" is not a known source/],
    [[
      "--input",
      "a.json",
      "--input",
      "b.json",
      "--input",
      "c.json",
      "--from",
      "pagerduty",
      "--from",
      "opsgenie",
    ], /once per --input \(3 inputs, 2 --from\)/],
    [["--from", "pagerduty"], /--from applies to --input files/],
    [["--workflow", "Deploy"], /--workflow applies to --input files/],
    [["--input", "a.csv", "--map", "when=Date"], /--map: unknown name "when"/],
    [["--input", "a.csv", "--map", "timestamp"], /--map: expected name=source/],
    [["--input", "a.csv", "--map", "id=A,id=B"], /--map: id is mapped twice/],
    [
      ["--input", "a.csv", "--map", "deploy=X,incident_start=x"],
      /mapped to both deploy and incident_start/,
    ],
    [["--input", "a.csv", "--environment", " "], /--environment must not be empty/],
    [["--input", "a.csv", "--rejected", ""], /--rejected must name a file/],
  ];
  for (const [args, message] of bad) {
    assert.throws(
      () => parseCliArgs(args),
      (error: Error) =>
        error instanceof UsageError && message.test(error.message) && !error.message.includes("\n"),
      args.join(" "),
    );
  }
});

Deno.test("--strict exits 3 when rows were rejected, after printing the summary and every reason", async () => {
  const strict = await run("--input", tempFile(TWO_BAD_ROWS), "--json", "--strict");
  assert.equal(strict.status, 3);
  assert.equal(JSON.parse(strict.stdout.join("\n")).events.rejected.length, 2);
  assert.deepEqual(strict.stderr.map((line) => line.split(":")[0]), [
    "rejected",
    "rejected",
    "strict",
  ]);
  assert.equal(strict.stderr[2], "strict: 2 rows rejected, so the exit status is 3");
  assert.equal((await run("--input", tempFile(CLEAN), "--json", "--strict")).status, 0);
  assert.equal((await run("--input", tempFile(TWO_BAD_ROWS), "--json")).status, 0);
});

Deno.test("--rejected writes the rejected rows as RFC 4180 CSV", async () => {
  const input = tempFile(TWO_BAD_ROWS);
  const target = `${Deno.makeTempDirSync()}/reports/rejected.csv`;
  const result = await run("--input", input, "--json", "--rejected", target);
  assert.equal(result.status, 0);
  assert.equal(
    Deno.readTextFileSync(target),
    "file,line,reason\r\n" +
      `${input},3,"timestamp: no UTC offset, so the instant is ambiguous: ""2024-03-04T10:00:00"" (add Z or ±hh:mm)"\r\n` +
      `${input},4,"type: unknown event type ""rollback"" (expected deploy, incident_start, incident_resolved)"\r\n`,
  );
  // Nothing usable at all: the run fails, and the file still lists why.
  const none = tempFile(csv("timestamp,type", "yesterday,deploy"));
  assert.equal((await run("--input", none, "--json", "--rejected", target)).status, 1);
  assert.match(
    Deno.readTextFileSync(target),
    /,2,"timestamp: not an ISO 8601 instant: ""yesterday"""\r\n$/,
  );
  // A file that cannot be written is a one-line error.
  const blocked = await run(
    "--input",
    input,
    "--json",
    "--rejected",
    `${tempFile("")}/rejected.csv`,
  );
  assert.equal(blocked.status, 2);
  assert.match(blocked.stderr.at(-1)!, /^error: --rejected .*rejected\.csv: /);
});

Deno.test("rejected CSV cells cannot run as spreadsheet formulas", () => {
  for (const dangerous of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) {
    assert.ok(csvCell(dangerous).replace(/^"/, "").startsWith("'"), JSON.stringify(dangerous));
  }
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell(12), "12");
  assert.equal(csvCell('say "hi", twice\n'), '"say ""hi"", twice\n"');
  assert.equal(
    rejectedCsv([{ file: "=evil.csv", line: 2, reason: "-2+3" }]),
    "file,line,reason\r\n'=evil.csv,2,'-2+3\r\n",
  );
});

Deno.test("--map reads a spreadsheet export: headers with spaces, any case, and its own type words", async () => {
  const sheet = tempFile(csv(
    "Created On,Kind,Incident ID,Team",
    "2024-03-04T09:00:00Z,Release,r-1,shop",
    "2024-03-04T10:00:00Z,outage began,INC-7,shop",
    "2024-03-04T11:30:00Z,Outage over,INC-7,shop",
    "2024-03-05T09:00:00Z,Hotfix,r-2,shop",
    "2024-03-05T10:00:00Z,Retro,x,shop",
  ));
  const map = "timestamp=created on, type=KIND, id=Incident ID, service=team, " +
    "deploy=Release, deploy=Hotfix, incident_start=Outage began, incident_resolved=outage over";
  const result = await run("--input", sheet, "--json", "--map", map);
  assert.equal(result.status, 0, result.stderr.join("\n"));
  const summary = JSON.parse(result.stdout.join("\n"));
  assert.equal(summary.deployment_frequency.deploys, 2);
  assert.deepEqual(
    summary.incidents.map((
      incident: { id: string; recovery_minutes: number },
    ) => [incident.id, incident.recovery_minutes]),
    [["INC-7", 90]],
  );
  assert.deepEqual(
    summary.events.rejected.map((row: { line: number; reason: string }) => [row.line, row.reason]),
    [
      [6, 'type: unknown event type "Retro" (expected deploy, incident_start, incident_resolved)'],
    ],
  );
  const ndjson = tempFile(
    '{"When":"2024-03-04T09:00:00Z","What":"Release"}\n{"when":"2024-03-05T09:00:00Z","What":"hotfix"}\n',
    ".ndjson",
  );
  const fromJson = await run(
    "--input",
    ndjson,
    "--json",
    "--map",
    "timestamp=when,type=what,deploy=release,deploy=hotfix",
  );
  assert.equal(JSON.parse(fromJson.stdout.join("\n")).deployment_frequency.deploys, 2);
  const missing = await run("--input", sheet, "--json", "--map", "timestamp=Opened At");
  assert.equal(missing.status, 2);
  assert.deepEqual(missing.stderr, [
    `error: ${sheet}: --map timestamp=Opened At: no column "Opened At" in the header (found: "Created On", "Kind", "Incident ID", "Team")`,
  ]);
});

Deno.test("--from names the source of every input, or of each input in order", async () => {
  const runs = fixture("github-actions/runs.json");
  const incidents = fixture("pagerduty/incidents.json");
  const paired = await run(
    "--input",
    runs,
    "--input",
    incidents,
    "--json",
    "--from",
    "github-actions",
    "--from",
    "pagerduty",
  );
  assert.equal(paired.status, 0);
  const summary = JSON.parse(paired.stdout.join("\n"));
  assert.equal(summary.deployment_frequency.deploys, 3);
  assert.equal(summary.recovery.incidents, 4);
  // Forcing canonical on a vendor export: it is not an array of events.
  const forced = await run("--input", incidents, "--json", "--from", "canonical");
  assert.equal(forced.status, 2);
  assert.match(forced.stderr[0], /expected a JSON array of event objects, got an object/);
  const onCsv = await run("--input", tempFile(CLEAN), "--json", "--from", "opsgenie");
  assert.deepEqual([onCsv.status, onCsv.stderr.length], [2, 1]);
  assert.match(onCsv.stderr[0], /--from opsgenie reads JSON exports, not CSV/);
});

Deno.test("a real process exits 3 under --strict with the demo task's permissions", async () => {
  const output = await demoProcess([
    "--input",
    fixture("pagerduty/webhooks.ndjson"),
    "--json",
    "--strict",
  ]);
  assert.equal(output.code, 3);
  assert.equal(JSON.parse(new TextDecoder().decode(output.stdout)).events.read, 7);
});
