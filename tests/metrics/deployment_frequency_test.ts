import assert from "node:assert/strict";
import { frequencyClass } from "../../lib/metrics/deployment_frequency.ts";
import { csv, summarizeCsv } from "../helpers.ts";

const WEEK_ONE_TO_TWO = [
  "2024-01-01T09:00:00Z,deploy", // Mon, week 1
  "2024-01-01T15:00:00Z,deploy", // Mon, week 1
  "2024-01-02T09:00:00Z,deploy", // Tue, week 1
  "2024-01-03T09:00:00Z,deploy", // Wed, week 1: 3 deploy days, 4 deploys
  "2024-01-12T09:00:00Z,deploy", // Fri, week 2: 1 deploy day
];

Deno.test("totals, per day, deploy days and the median of deploy days per ISO week", () => {
  const summary = summarizeCsv(csv("timestamp,type", ...WEEK_ONE_TO_TWO), { end: "2024-01-21" });
  // Weeks: [3, 1, 0] deploy days, so the median is 1.
  assert.deepEqual(summary.deployment_frequency, {
    deploys: 5,
    per_day: 5 / 21,
    deploy_days: 4,
    median_deploy_days_per_week: 1,
    // Deploy days with 2, 1, 1 and 1 deploys.
    median_deploys_per_deploy_day: 1,
    class: "daily to weekly",
  });
});

Deno.test("an even number of weeks takes the mean of the two middle weeks", () => {
  const rows = [...WEEK_ONE_TO_TWO, "2024-01-22T09:00:00Z,deploy", "2024-01-23T09:00:00Z,deploy"];
  const summary = summarizeCsv(csv("timestamp,type", ...rows), { end: "2024-01-28" });
  // Weeks: [3, 1, 0, 2] deploy days, so the median is (1 + 2) / 2.
  assert.equal(summary.deployment_frequency.median_deploy_days_per_week, 1.5);
  assert.equal(summary.deployment_frequency.deploy_days, 6);
});

Deno.test("partial weeks at the window's edges count as the weeks they are", () => {
  // Wednesday to the next Tuesday: 5 days of one week and 2 of the next.
  const summary = summarizeCsv(
    csv(
      "timestamp,type",
      "2024-01-03T09:00:00Z,deploy",
      "2024-01-04T09:00:00Z,deploy",
      "2024-01-09T09:00:00Z,deploy",
    ),
  );
  assert.equal(summary.window.days, 7);
  assert.equal(summary.deployment_frequency.median_deploy_days_per_week, 1.5);
});

Deno.test("no deploys: per day is 0 over a real window, and the class is the lowest", () => {
  const summary = summarizeCsv(csv("timestamp,type,id", "2024-01-02T09:00:00Z,incident_start,i1"));
  assert.deepEqual(summary.deployment_frequency, {
    deploys: 0,
    per_day: 0,
    deploy_days: 0,
    median_deploy_days_per_week: 0,
    median_deploys_per_deploy_day: null,
    class: "less than every six months",
  });
});

Deno.test("the frequency class follows the documented rule at its boundaries", () => {
  // [deploys, days, median deploy days per week, median deploys per deploy day, class]
  const cases: [number, number, number, number | null, string][] = [
    [28, 14, 7, 2, "on demand"],
    [14, 14, 3, 2, "on demand"],
    // Several on a typical deploy day, but fewer than one a day on average.
    [13, 14, 3, 2, "daily to weekly"],
    // One deploy a day, every day: not several a day.
    [14, 14, 7, 1, "daily to weekly"],
    [21, 14, 7, 1.5, "daily to weekly"],
    // Several a day, but on only two days of the median week.
    [100, 14, 2.5, 20, "daily to weekly"],
    [7, 14, 1, 1, "daily to weekly"],
    [2, 28, 0.5, 1, "weekly to monthly"],
    [1, 30, 0, 1, "weekly to monthly"],
    [1, 31, 0, 1, "monthly to every six months"],
    [1, 182, 0, 1, "monthly to every six months"],
    [1, 183, 0, 1, "less than every six months"],
    [0, 14, 0, null, "less than every six months"],
  ];
  for (
    const [deploys, days, medianDeployDaysPerWeek, medianDeploysPerDeployDay, expected] of cases
  ) {
    assert.equal(
      frequencyClass({ deploys, days, medianDeployDaysPerWeek, medianDeploysPerDeployDay }),
      expected,
      `${deploys} in ${days} days, ${medianDeploysPerDeployDay} per deploy day`,
    );
  }
});

Deno.test("one deploy a day is daily to weekly; two a day is on demand", () => {
  const days = (perDay: number) =>
    Array.from({ length: 14 }, (_, day) =>
      Array.from(
        { length: perDay },
        (_, n) => `2024-01-${String(day + 1).padStart(2, "0")}T${10 + n}:00:00Z,deploy`,
      )).flat();
  const once = summarizeCsv(csv("timestamp,type", ...days(1))).deployment_frequency;
  assert.deepEqual(
    [
      once.per_day,
      once.median_deploy_days_per_week,
      once.median_deploys_per_deploy_day,
      once.class,
    ],
    [1, 7, 1, "daily to weekly"],
  );
  const twice = summarizeCsv(csv("timestamp,type", ...days(2))).deployment_frequency;
  assert.deepEqual([twice.median_deploys_per_deploy_day, twice.class], [2, "on demand"]);
});

Deno.test("frequency per service", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,service",
    "2024-01-01T09:00:00Z,deploy,api",
    "2024-01-01T10:00:00Z,deploy,api",
    "2024-01-02T09:00:00Z,deploy,web",
  ));
  assert.deepEqual(Object.keys(summary.by_service), ["api", "web"]);
  assert.equal(summary.by_service.api.deploys, 2);
  assert.equal(summary.by_service.api.deployment_frequency.per_day, 1);
  assert.equal(summary.by_service.api.deployment_frequency.deploy_days, 1);
  assert.equal(summary.by_service.web.deployment_frequency.per_day, 0.5);
});
