/**
 * One command for a whole team's exports: a CI export (GitHub Actions runs of the shop-api repo),
 * a deploy export (Argo CD sync history of the web frontend) and an incident export (PagerDuty),
 * each read by its own adapter, merged into one stream, with the services named consistently.
 *
 * Worked out by hand from tests/fixtures/team:
 * - deploys: api 9001 (04-01 09:00), 9002 (04-02 10:00), 9003 (04-03 15:00), 9004 (04-04 11:00);
 *   web 21 (04-01 12:00), 22 (04-02 16:00), 24 (04-04 09:30): 7. Left out: the CI run, the failed
 *   run 9005, the re-sync 23 of revision bb22, the staging app.
 * - incidents: PTEAM01 api 10:30→11:15 = 45 min, caused by 9002 (10:00); PTEAM02 web
 *   17:00→18:30 = 90 min, caused by web 22 (16:00); PTEAM03 api 15:20→16:10 = 50 min, caused by
 *   9003 (15:00); PTEAM05 api 04-05 14:00→14:30 = 30 min, no deploy of api in the 24 h before
 *   (9004 was 27 h earlier). PTEAM04 was merged into PTEAM03; PTEAM06 is a test service.
 * - change failure rate 3 / 7; recovery mean (45 + 90 + 50 + 30) / 4 = 53.75, median
 *   (45 + 50) / 2 = 47.5; lead time of the api deploys 120, 1080, 120, 180 minutes: median 150.
 */
import assert from "node:assert/strict";
import { main } from "../../bin/demo.ts";
import { parseCliArgs } from "../../bin/demo_flags.ts";
import type { Summary } from "../../lib/pipeline/summary.ts";
import { fixture, tempFile } from "../helpers.ts";

const RUNS = fixture("team/runs.json");
const APPS = fixture("team/applications.json");
const INCIDENTS = fixture("team/incidents.json");
const SERVICES = fixture("team/services.json");

async function summaryOf(...args: string[]): Promise<Summary> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await main(["--json", ...args], {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
  });
  assert.equal(status, 0, stderr.join("\n"));
  return JSON.parse(stdout.join("\n"));
}

function assertTeamNumbers(summary: Summary) {
  assert.deepEqual(summary.change_failure_rate, { deploys: 7, failed_deploys: 3, rate: 3 / 7 });
  assert.deepEqual(summary.recovery, {
    incidents: 4,
    resolved: 4,
    unresolved: 0,
    mean_minutes: 53.75,
    median_minutes: 47.5,
  });
  assert.deepEqual(
    summary.incidents.map((incident) =>
      `${incident.id} ${incident.service} ${incident.recovery_minutes} ${incident.caused_by}`
    ),
    [
      "PTEAM01 api 45 9002",
      "PTEAM02 web 90 web-frontend-prod:22",
      "PTEAM03 api 50 9003",
      "PTEAM05 api 30 null",
    ],
  );
  assert.deepEqual(summary.lead_time, { changes: 4, median_minutes: 150 });
  assert.deepEqual(Object.keys(summary.by_service), ["api", "web"]);
  assert.equal(summary.by_service.api.change_failure_rate.rate, 0.5);
  assert.equal(summary.by_service.web.change_failure_rate.rate, 1 / 3);
  // 6 runs + 5 syncs + 12 incident rows, every one used or filtered under its rule.
  assert.equal(summary.events.read, 23);
  assert.equal(summary.events.used, 15);
  assert.deepEqual(summary.events.rejected, []);
  assert.deepEqual(summary.events.filtered, {
    rows: 8,
    by_filter: { environment: 1, merged: 2, outcome: 1, resync: 1, service: 2, workflow: 1 },
  });
}

Deno.test("a team's CI, deploy and incident exports in one run: services from a mapping file", async () => {
  const summary = await summaryOf(
    "--input",
    RUNS,
    "--input",
    APPS,
    "--input",
    INCIDENTS,
    "--service-map",
    SERVICES,
    "--exclude-service",
    "*test*",
  );
  assertTeamNumbers(summary);
  assert.deepEqual(summary.window, {
    start: "2024-04-01",
    end: "2024-04-05",
    days: 5,
    timezone: "UTC",
  });
});

Deno.test("the same run with --from and --service per input gives the same numbers", async () => {
  const services = tempFile(JSON.stringify({ "Shop API*": "api", "Web Frontend": "web" }), ".json");
  const summary = await summaryOf(
    "--input",
    RUNS,
    "--from",
    "github-actions",
    "--service",
    "api",
    "--input",
    APPS,
    "--from",
    "argo-cd",
    "--service",
    "web",
    "--input",
    INCIDENTS,
    "--from",
    "auto",
    "--service",
    "-",
    "--service-map",
    services,
    "--exclude-service",
    "Synthetic*",
  );
  assertTeamNumbers(summary);
});

Deno.test("the filter flags are checked: one-line usage errors", () => {
  const inputs = ["--input", RUNS, "--input", APPS];
  const problem = (...args: string[]) => {
    try {
      parseCliArgs([...inputs, ...args]);
      return "no error";
    } catch (error) {
      return (error as Error).message;
    }
  };
  assert.equal(
    problem("--service", "a", "--service", "b", "--service", "c"),
    "--service must be given once, or once per --input (2 inputs, 3 --service)",
  );
  assert.equal(
    problem("--min-priority", "P9"),
    '--min-priority must be P1 to P5 (or 1 to 5), got "P9"',
  );
  assert.equal(
    problem("--urgency", "urgent"),
    '--urgency must be high, medium or low, got "urgent"',
  );
  assert.match(problem("--export-tz", "Mars/Olympus"), /^--export-tz: /);
  assert.match(
    problem("--service-map", RUNS),
    /^--service-map .*runs\.json: "total_count" must map to a service name$/,
  );
  assert.match(
    problem("--service-map", "/no/such/map.json"),
    /^--service-map \/no\/such\/map\.json: cannot be read/,
  );
  assert.equal(problem("--exclude-service", " "), "--exclude-service must not be empty");
  assert.equal(
    (() => {
      try {
        parseCliArgs(["--urgency", "high"]);
        return "no error";
      } catch (error) {
        return (error as Error).message;
      }
    })(),
    "--urgency applies to --input files",
  );
  const options = parseCliArgs([
    ...inputs,
    "--min-priority",
    "2",
    "--urgency",
    "HIGH",
    "--exclude-incident",
    "[TEST]*",
    "--export-tz",
    "Europe/Berlin",
  ]);
  assert.deepEqual(options.ingest?.read.filters, {
    excludeIncidents: ["[TEST]*"],
    minPriority: 2,
    urgencies: ["high"],
  });
  assert.equal(options.ingest?.read.adapter?.exportTimeZone, "Europe/Berlin");
});

Deno.test("the text summary shows what each filter left out", async () => {
  const out = await Deno.makeTempDir();
  const stdout: string[] = [];
  const status = await main(
    [
      "--input",
      RUNS,
      "--input",
      APPS,
      "--input",
      INCIDENTS,
      "--service-map",
      SERVICES,
      "--out",
      out,
    ],
    { stdout: (text) => stdout.push(text), stderr: () => {} },
  );
  assert.equal(status, 0);
  assert.match(
    stdout.join("\n"),
    /Events: 23 read, 17 used, 0 rejected, 6 filtered \(environment 1, merged 2, outcome 1, resync 1, workflow 1\)/,
  );
});
