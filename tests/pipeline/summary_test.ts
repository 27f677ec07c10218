import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize, type Summary } from "../../lib/pipeline/summary.ts";
import { csv, summarizeCsv } from "../helpers.ts";

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function assertKeys(value: unknown, { keys, where }: { keys: string[]; where: string }) {
  assert.ok(value && typeof value === "object", `${where} is an object`);
  for (const key of keys) assert.ok(key in (value as object), `${where}.${key} exists`);
}

function assertContract(summary: Summary) {
  assertKeys(summary, {
    keys: [
      "source",
      "window",
      "events",
      "deploys_per_day",
      "deployment_frequency",
      "incidents",
      "recovery",
      "change_failure_rate",
      "lead_time",
      "rework_rate",
      "tiers",
      "by_service",
    ],
    where: "summary",
  });
  assertKeys(summary.source, { keys: ["kind", "seed", "files"], where: "source" });
  assertKeys(summary.window, { keys: ["start", "end", "days", "timezone"], where: "window" });
  assert.match(summary.window.start, DATE);
  assert.match(summary.window.end, DATE);
  assertKeys(summary.events, {
    keys: ["read", "used", "outside_window", "rejected"],
    where: "events",
  });
  for (const row of summary.events.rejected) {
    assertKeys(row, { keys: ["file", "line", "reason"], where: "rejected[]" });
  }
  assert.equal(summary.deploys_per_day.length, summary.window.days);
  for (const day of summary.deploys_per_day) {
    assert.match(day.date, DATE);
    assert.ok(Number.isInteger(day.deploys));
  }
  assertKeys(summary.deployment_frequency, {
    keys: [
      "deploys",
      "per_day",
      "deploy_days",
      "median_deploy_days_per_week",
      "class",
    ],
    where: "deployment_frequency",
  });
  for (const incident of summary.incidents) {
    assertKeys(incident, {
      keys: ["id", "service", "start", "resolved", "recovery_minutes", "caused_by"],
      where: "incidents[]",
    });
    assert.match(incident.start, ISO_UTC);
    if (incident.resolved !== null) assert.match(incident.resolved, ISO_UTC);
    assert.equal(incident.resolved === null, incident.recovery_minutes === null);
  }
  assertKeys(summary.recovery, {
    keys: [
      "incidents",
      "resolved",
      "unresolved",
      "mean_minutes",
      "median_minutes",
    ],
    where: "recovery",
  });
  assertKeys(summary.change_failure_rate, {
    keys: ["deploys", "failed_deploys", "rate"],
    where: "change_failure_rate",
  });
  assertKeys(summary.lead_time, { keys: ["changes", "median_minutes"], where: "lead_time" });
  assertKeys(summary.rework_rate, {
    keys: ["deploys", "rework_deploys", "rate"],
    where: "rework_rate",
  });
  assertKeys(summary.tiers, {
    keys: [
      "report_year",
      "deployment_frequency",
      "lead_time",
      "change_failure_rate",
      "recovery",
    ],
    where: "tiers",
  });
  for (const [service, entry] of Object.entries(summary.by_service)) {
    assertKeys(entry, { keys: ["deploys", "incidents"], where: `by_service.${service}` });
  }
  // No NaN or Infinity can hide in the numbers: they would not survive a JSON round trip.
  assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
}

Deno.test("the synthetic summary carries every key of the contract", () => {
  const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
  assertContract(summary);
  assert.deepEqual(summary.source, { kind: "synthetic", seed: 42, files: [] });
  assert.deepEqual(summary.window, {
    start: "2024-01-01",
    end: "2024-01-14",
    days: 14,
    timezone: "UTC",
  });
  assert.equal(summary.events.read, summary.events.used + summary.events.rejected.length);
  assert.equal(
    summary.deployment_frequency.deploys,
    summary.deploys_per_day.reduce((sum, d) => sum + d.deploys, 0),
  );
  assert.equal(
    Object.values(summary.by_service).reduce((sum, s) => sum + s.deploys, 0),
    summary.deployment_frequency.deploys,
  );
  assert.equal(
    Object.values(summary.by_service).reduce((sum, s) => sum + s.incidents, 0),
    summary.recovery.incidents,
  );
});

Deno.test("a file summary names its files and has a null seed", () => {
  const summary = summarizeCsv(csv("timestamp,type", "2024-01-01T10:00:00Z,deploy", "oops,deploy"));
  assertContract(summary);
  assert.equal(summary.source.kind, "file");
  assert.equal(summary.source.seed, null);
  assert.equal(summary.source.files.length, 1);
  assert.equal(summary.events.rejected[0].file, summary.source.files[0]);
  assert.equal(summary.events.rejected[0].line, 3);
});

Deno.test("explicit deploy links show up as caused_by", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,id,deploy_id",
    "2024-01-01T10:00:00Z,deploy,d1,",
    "2024-01-01T10:20:00Z,incident_start,i1,d1",
  ));
  assert.equal(summary.incidents[0].caused_by, "d1");
});
