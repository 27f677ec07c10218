import assert from "node:assert/strict";
import { csv, summarizeCsv } from "../helpers.ts";

Deno.test("lead time is deploy minus commit; the median of an even count is the mean of the middle two", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,id,service,commit_timestamp",
    "2024-01-01T10:00:00Z,deploy,d1,api,2024-01-01T09:30:00Z", // 30
    "2024-01-01T12:00:00Z,deploy,d2,api,2024-01-01T10:00:00Z", // 120
    "2024-01-01T13:00:00Z,deploy,d3,web,2024-01-01T13:00:00+01:00", // 60
    "2024-01-01T14:00:00Z,deploy,d4,web,2024-01-01T12:30:00Z", // 90
    "2024-01-01T15:00:00Z,deploy,d5,web,", // no commit time: not a change
  ));
  assert.deepEqual(summary.lead_time, { changes: 4, median_minutes: 75 });
  assert.deepEqual(summary.by_service.api.lead_time, { changes: 2, median_minutes: 75 });
  assert.deepEqual(summary.by_service.web.lead_time, { changes: 2, median_minutes: 75 });
});

Deno.test("a negative lead time is rejected as bad input and left out", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,id,commit_timestamp",
    "2024-01-01T10:00:00Z,deploy,d1,2024-01-01T09:00:00Z",
    "2024-01-01T10:00:00Z,deploy,d2,2024-01-01T10:00:01Z",
  ));
  assert.deepEqual(summary.lead_time, { changes: 1, median_minutes: 60 });
  assert.equal(summary.events.rejected.length, 1);
  assert.match(summary.events.rejected[0].reason, /^commit_timestamp: /);
});

Deno.test("no commit times: zero changes and a null median", () => {
  const summary = summarizeCsv(csv("timestamp,type", "2024-01-01T10:00:00Z,deploy"));
  assert.deepEqual(summary.lead_time, { changes: 0, median_minutes: null });
});
