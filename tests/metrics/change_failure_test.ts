import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { attributeIncidents } from "../../lib/metrics/change_failure.ts";
import { csv, summarizeCsv } from "../helpers.ts";

const HEADER = "timestamp,type,id,service,deploy_id";

function causes(summary: ReturnType<typeof summarizeCsv>) {
  return Object.fromEntries(summary.incidents.map((i) => [i.id, i.caused_by]));
}

Deno.test("an explicit link wins, even across services, and counts for the deploy's service", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-01T09:00:00Z,deploy,api-1,api,",
    "2024-01-01T09:30:00Z,deploy,web-1,web,",
    "2024-01-01T10:00:00Z,incident_start,i1,web,api-1",
  ));
  assert.deepEqual(causes(summary), { i1: "api-1" });
  assert.deepEqual(summary.change_failure_rate, { deploys: 2, failed_deploys: 1, rate: 0.5 });
  assert.deepEqual(summary.by_service.api.change_failure_rate, {
    deploys: 1,
    failed_deploys: 1,
    rate: 1,
  });
  assert.deepEqual(summary.by_service.web.change_failure_rate, {
    deploys: 1,
    failed_deploys: 0,
    rate: 0,
  });
});

Deno.test("two incidents on one deploy count that deploy once", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-01T09:00:00Z,deploy,d1,api,",
    "2024-01-01T11:00:00Z,deploy,d2,web,",
    "2024-01-01T12:00:00Z,deploy,d3,web,",
    "2024-01-01T12:00:00Z,deploy,d4,web,",
    "2024-01-01T09:10:00Z,incident_start,i1,api,",
    "2024-01-01T09:20:00Z,incident_start,i2,api,d1",
  ));
  assert.deepEqual(causes(summary), { i1: "d1", i2: "d1" });
  assert.deepEqual(summary.change_failure_rate, { deploys: 4, failed_deploys: 1, rate: 0.25 });
});

Deno.test("the inferred cause is the latest deploy of the service at or before the start", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-01T08:00:00Z,deploy,early,api,",
    "2024-01-01T09:00:00Z,deploy,latest,api,",
    "2024-01-01T09:05:00Z,deploy,other-service,web,",
    "2024-01-01T10:00:00Z,deploy,after,api,",
    "2024-01-01T09:30:00Z,incident_start,i1,api,",
    "2024-01-01T10:00:00Z,incident_start,same-instant,api,",
  ));
  assert.deepEqual(causes(summary), { i1: "latest", "same-instant": "after" });
  assert.equal(summary.change_failure_rate.failed_deploys, 2);
});

Deno.test("the attribution window is inclusive at 24 hours and excludes anything older", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-01T10:00:00Z,deploy,d1,api,",
    "2024-01-02T10:00:00Z,incident_start,at-24h,api,",
    "2024-01-05T10:00:00Z,deploy,d2,web,",
    "2024-01-06T10:00:01Z,incident_start,past-24h,web,",
  ));
  assert.deepEqual(causes(summary), { "at-24h": "d1", "past-24h": null });
  const wider = summarizeCsv(
    csv(
      HEADER,
      "2024-01-05T10:00:00Z,deploy,d2,web,",
      "2024-01-06T10:00:01Z,incident_start,past-24h,web,",
    ),
    { attributionWindowMs: 48 * 3_600_000 },
  );
  assert.deepEqual(causes(wider), { "past-24h": "d2" });
});

Deno.test("with no deploy of that service, nothing is inferred", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-01T09:00:00Z,deploy,d1,api,",
    "2024-01-01T10:00:00Z,incident_start,i1,billing,",
  ));
  assert.deepEqual(causes(summary), { i1: null });
  assert.deepEqual(summary.change_failure_rate, { deploys: 1, failed_deploys: 0, rate: 0 });
});

Deno.test("attribution 'none' keeps explicit links only", () => {
  const summary = summarizeCsv(
    csv(
      HEADER,
      "2024-01-01T09:00:00Z,deploy,d1,api,",
      "2024-01-01T09:30:00Z,incident_start,inferred,api,",
      "2024-01-01T09:40:00Z,incident_start,linked,api,d1",
    ),
    { attributionWindowMs: null },
  );
  assert.deepEqual(causes(summary), { inferred: null, linked: "d1" });
  assert.deepEqual(summary.change_failure_rate, { deploys: 1, failed_deploys: 1, rate: 1 });
});

Deno.test("the nearest deploy before the window is named as the cause but not counted", () => {
  const summary = summarizeCsv(
    csv(
      HEADER,
      "2024-01-01T23:00:00Z,deploy,last-night,api,",
      "2024-01-02T12:00:00Z,deploy,d1,api,",
      "2024-01-02T01:00:00Z,incident_start,i1,api,",
    ),
    { start: "2024-01-02", end: "2024-01-03" },
  );
  assert.deepEqual(causes(summary), { i1: "last-night" });
  assert.deepEqual(summary.change_failure_rate, { deploys: 1, failed_deploys: 0, rate: 0 });
  assert.equal(summary.events.outside_window, 1);
});

Deno.test("the rate can never pass 100%, and is null without deploys", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-01T09:00:00Z,deploy,d1,api,",
    "2024-01-01T09:10:00Z,incident_start,i1,api,",
    "2024-01-01T09:20:00Z,incident_start,i2,api,",
    "2024-01-01T09:30:00Z,incident_start,i3,api,ghost-deploy",
  ));
  assert.deepEqual(summary.change_failure_rate, { deploys: 1, failed_deploys: 1, rate: 1 });
  assert.equal(causes(summary).i3, "ghost-deploy");
  const none = summarizeCsv(csv(HEADER, "2024-01-01T09:10:00Z,incident_start,i1,api,"));
  assert.deepEqual(none.change_failure_rate, { deploys: 0, failed_deploys: 0, rate: null });
});

Deno.test("attribution gives each incident its cause whatever order the incidents come in", () => {
  const at = (time: string) => new Date(`2024-01-01T${time}:00Z`);
  const deploys = pl.DataFrame({
    id: ["api-1", "web-1", "api-2"],
    service: ["api", "web", "api"],
    timestamp: [at("08:00"), at("09:00"), at("10:00")],
  });
  // Hand-worked: i1 (api 09:30) ← api-1; i2 (web 09:45) ← web-1; i3 (api 10:30) ← api-2;
  // i4 (db 11:00) has no deploy of its service.
  const incidents = pl.DataFrame({
    id: ["i1", "i2", "i3", "i4"],
    service: ["api", "web", "api", "db"],
    start: [at("09:30"), at("09:45"), at("10:30"), at("11:00")],
    deploy_id: pl.Series("deploy_id", [null, null, null, null], pl.Utf8),
  });
  const expected = { i1: "api-1", i2: "web-1", i3: "api-2", i4: null };
  const causesOf = (frame: pl.DataFrame) =>
    Object.fromEntries(
      attributeIncidents(frame, deploys).select("id", "caused_by").rows().map(([id, cause]) => [
        id,
        cause,
      ]),
    );
  assert.deepEqual(causesOf(incidents), expected);
  const shuffled = incidents.select(pl.all().gather([2, 0, 3, 1]));
  assert.deepEqual(causesOf(shuffled), expected);
  assert.deepEqual(attributeIncidents(shuffled, deploys).getColumn("id").toArray(), [
    "i3",
    "i1",
    "i4",
    "i2",
  ]);
});
