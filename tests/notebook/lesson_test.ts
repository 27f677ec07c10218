/**
 * The notebook's working memory and views outside the kernel: a step used too early names the
 * cell to run first, loading another universe forgets every step, captions name the universe,
 * charts are drawn from the trainee's frames, and the checks compare with the pipeline.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { JSDOM } from "jsdom";
import {
  currentUniverse,
  loadEvents,
  MissingStepError,
  missingStepMessage,
  resetLesson,
  step,
  view,
} from "../../lib/notebook/lesson.ts";
import { drawDeploysPerDay, drawRecovery } from "../../lib/notebook/lesson_charts.ts";
import { agreement, checkAnswer, checkEvents } from "../../lib/notebook/lesson_views.ts";
import { JUPYTER_DISPLAY } from "../../lib/notebook/frame_view.ts";
import { NotebookParameterError } from "../../lib/notebook/parameters.ts";
import {
  countPerDay,
  deploysOf,
  onCalendar,
  withLocalDate,
} from "../../lib/metrics/deploys_per_day.ts";
import { frequencyRules, frequencyStats } from "../../lib/metrics/deployment_frequency.ts";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";

const SEED_42 = { seed: 42, days: 14, profile: "mixed", eventsFile: "", timeZone: "UTC" };

function textOf(html: string, selector: string): string[] {
  return [...new JSDOM(html).window.document.querySelectorAll(selector)].map((element) =>
    element.textContent ?? ""
  );
}

Deno.test("a step used before its cell ran names the cell to run first, not a ReferenceError", () => {
  resetLesson();
  assert.throws(() => step.perDay, (error: Error) => {
    assert.ok(error instanceof MissingStepError);
    assert.match(error.message, /^step\.perDay is not there yet: no events are loaded\. Run the/);
    assert.match(error.message, /first cell of section "1\. Events"/);
    assert.equal(error.stack, `MissingStepError: ${error.message}`, "no stack for a trainee");
    return true;
  });
  step.events = loadEvents(SEED_42);
  assert.throws(
    () => step.counts,
    /step\.counts is not there yet: it is made in section "2\. Deployments per day", by the cell that starts "step\.counts ="/,
  );
  assert.match(
    missingStepMessage("mine"),
    /no cell has set step\.mine: .*steps so far: window, rejected, events/,
  );
  // Tools that probe any value (promises, JSON, inspectors) get undefined, not an error.
  assert.equal(step.then, undefined);
  assert.deepEqual(Object.keys(step), ["window", "rejected", "events"]);
  assert.ok("events" in step && !("counts" in step));
});

Deno.test("loading events forgets every step of the previous universe", () => {
  resetLesson();
  step.events = loadEvents(SEED_42);
  step.deploys = deploysOf(step.events);
  assert.equal(currentUniverse().label, "seed 42, mixed team, 14 days, UTC");
  step.events = loadEvents({ ...SEED_42, seed: 7, timeZone: "Europe/Berlin" });
  assert.equal(currentUniverse().label, "seed 7, mixed team, 14 days, Europe/Berlin");
  assert.throws(() => step.deploys, MissingStepError, "seed 42's deploys are gone");
  assert.equal(step.window.timeZone, "Europe/Berlin");
  assert.ok(!step.events.columns.includes("day"), "the notebook computes local days itself");
  assert.throws(() => loadEvents({ ...SEED_42, days: 0 }), NotebookParameterError);
  assert.throws(
    () => loadEvents({ ...SEED_42, timeZone: "Mars/Base" }),
    /TIME_ZONE must be an IANA time zone/,
  );
});

Deno.test("views name their step and their universe; the example names itself", () => {
  resetLesson();
  step.events = loadEvents(SEED_42);
  step.perDay = onCalendar(
    countPerDay(withLocalDate(deploysOf(step.events), step.window)),
    step.window,
  );
  const shown = view(step.perDay, "Deploys per day", { rows: 31 });
  assert.match(shown["text/html"], /^<div class="dora-view" data-view="perDay">/);
  assert.deepEqual(textOf(shown["text/html"], "caption"), [
    "Deploys per day (seed 42, mixed team, 14 days, UTC)",
  ]);
  assert.equal(textOf(shown["text/html"], "tbody tr").length, 14);
  const adHoc = view(step.perDay.filter(pl.col("deploys").eq(0)), "Zero days");
  assert.match(adHoc["text/html"], /data-view="frame"/);

  step.example = checkEvents(`
    timestamp,type,id
    2024-01-01T09:00:00Z,incident_start,i1
    2024-01-01T10:00:00Z,incident_resolved,nope`);
  const example = view(step.example.rejected, "Rejected", { universe: "the example above" });
  assert.match(example["text/html"], /data-view="example\.rejected"/);
  assert.deepEqual(textOf(example["text/html"], "caption"), ["Rejected (the example above)"]);
  // `step` itself shows what is kept.
  const overview = (step as unknown as { [JUPYTER_DISPLAY]: () => { "text/plain": string } })[
    JUPYTER_DISPLAY
  ]();
  assert.match(overview["text/plain"], /^Steps of seed 42, mixed team, 14 days, UTC\nwindow\n/);
});

Deno.test("checkEvents keeps its rejected rows when the rules reject every row", () => {
  const { events, rejected } = checkEvents("timestamp,type,id\n2024-01-01T10:00:00Z,deploy2,x");
  assert.equal(events.height, 0);
  assert.ok(events.columns.includes("timestamp"));
  assert.deepEqual(rejected.getColumn("line").toArray(), [2]);
});

Deno.test("checkEvents runs the contract's rules on CSV typed into a cell", () => {
  const { events, rejected } = checkEvents(`
    timestamp,type,id,service
    2024-01-01T09:00:00Z,deploy,d1,api
    2024-01-01T09:00:00Z,deploy,d1,api
    2024-01-01T10:00:00Z,incident_start,i1,api
    2024-01-01T12:00,deploy,d2,web
    2024-01-01T07:30:00Z,incident_start,i3,web`);
  assert.deepEqual(events.getColumn("id").toArray(), ["i3", "d1", "i1"], "sorted by time");
  assert.deepEqual(rejected.columns, ["line", "reason"]);
  assert.deepEqual(rejected.getColumn("line").toArray(), [3, 5]);
  assert.match(String(rejected.getColumn("reason").get(1)), /^timestamp: not an ISO 8601 instant/);
});

Deno.test("charts are drawn from the trainee's frame and name the universe", () => {
  resetLesson();
  step.events = loadEvents(SEED_42);
  const perDay = onCalendar(
    countPerDay(withLocalDate(deploysOf(step.events), step.window)),
    step.window,
  );
  const chart = drawDeploysPerDay(perDay)["text/html"];
  assert.match(
    chart,
    /^<div class="dora-view" data-view="chart-deploys_per_day"><figure id="figure-deploys_per_day"/,
  );
  assert.match(textOf(chart, "desc")[0], /^Seed 42, mixed team — \d/);
  // A frame changed by the trainee changes the chart: one day only.
  const oneDay = drawDeploysPerDay(perDay.head(1))["text/html"];
  assert.notEqual(oneDay, chart);
  assert.match(oneDay, /<title>2024-01-01: 2 deploys<\/title>/);
  assert.ok(!oneDay.includes("2024-01-02:"), "the other days are not drawn");
  assert.throws(() => drawRecovery(pl.DataFrame({ id: ["x"] })), /recovery_minutes|not found/);
});

Deno.test("the agreement table and checkAnswer compare with the pipeline's numbers", () => {
  resetLesson();
  step.events = loadEvents(SEED_42);
  assert.throws(() => agreement(), /step\.perDay is not there yet/);
  const pipeline = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));

  const answer = (value: unknown) =>
    textOf(checkAnswer("median recovery minutes", value)["text/html"], "p")[0];
  assert.match(answer(null), /^Not answered yet/);
  assert.match(answer(pipeline.recovery.median_minutes), /^✓ 25\.31666\d* is the median recovery/);
  assert.match(answer(pl.DataFrame({ m: [pipeline.recovery.median_minutes] })), /^✓/);
  assert.match(
    answer(25.3),
    /^✗ 25\.3 is not the median recovery minutes of seed 42, .*gets 25\.31/,
  );
  assert.throws(() => checkAnswer("nope", 1), /no answer known for "nope"/);

  // A derivation that keeps one service parts from the pipeline, and the table says where.
  const deploys = deploysOf(step.events).filter(pl.col("service").eq(pl.lit("web")));
  step.perDay = onCalendar(countPerDay(withLocalDate(deploys, step.window)), step.window);
  step.frequency = frequencyStats(step.perDay);
  step.frequencyRules = frequencyRules(step.frequency);
  step.recovery = pl.DataFrame({
    mean_minutes: [pipeline.recovery.mean_minutes],
    median_minutes: [pipeline.recovery.median_minutes],
  });
  step.changeFailure = pl.DataFrame({ rate: [pipeline.change_failure_rate.rate] });
  step.leadTime = pl.DataFrame({ median_minutes: [pipeline.lead_time.median_minutes] });
  const rows = new JSDOM(agreement()["text/html"]).window.document.querySelectorAll("tbody tr");
  const same = Object.fromEntries(
    [...rows].map((row) => [row.children[0].textContent, row.children[3].textContent]),
  );
  assert.equal(same["deploys"], "false");
  assert.equal(same["days whose deploys differ"], "false");
  assert.equal(same["MTTR (mean), minutes"], "true");
  assert.equal(same["change failure rate"], "true");
});
