import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { JSDOM } from "jsdom";
import { frameView, JUPYTER_DISPLAY, meaningfulColumns } from "../../lib/notebook/frame_view.ts";
import { instantsFromMs } from "../../lib/core/instants.ts";

const instants = (name: string, isos: (string | null)[]) =>
  instantsFromMs(
    pl.Series(name, isos.map((iso) => (iso === null ? null : Date.parse(iso))), pl.Float64),
  );

/** The table's cells, row by row, as a reader sees them. */
function cellsOf(html: string): { caption: string; header: string[]; rows: string[][] } {
  const document = new JSDOM(html).window.document;
  const text = (element: { textContent: string | null }) => element.textContent ?? "";
  return {
    caption: text(document.querySelector("caption")!),
    header: [...document.querySelectorAll("thead th")].map(text),
    rows: [...document.querySelectorAll("tbody tr")].map((row) =>
      [...row.querySelectorAll("td")].map(text)
    ),
  };
}

Deno.test("datetimes read as local wall-clock minutes in the report zone, across both DST changes", () => {
  const frame = pl.DataFrame([
    instants("timestamp", [
      "2024-03-31T00:30:00Z", // 01:30 CET, the last half hour before spring forward
      "2024-03-31T01:30:00Z", // 03:30 CEST: 02:xx never happens that day
      "2024-10-27T00:30:00Z", // 02:30 CEST
      "2024-10-27T01:30:00Z", // 02:30 CET: the same reading an hour later
      "2024-01-01T14:08:45.999Z", // seconds are cut, not rounded
    ]),
  ]);
  const berlin = cellsOf(
    frameView(frame, { caption: "t", timeZone: "Europe/Berlin" })["text/html"],
  );
  assert.deepEqual(berlin.rows.map(([cell]) => cell), [
    "2024-03-31 01:30",
    "2024-03-31 03:30",
    "2024-10-27 02:30",
    "2024-10-27 02:30",
    "2024-01-01 15:08",
  ]);
  const utc = cellsOf(frameView(frame, { caption: "t" })["text/html"]);
  assert.deepEqual(utc.rows.map(([cell]) => cell), [
    "2024-03-31 00:30",
    "2024-03-31 01:30",
    "2024-10-27 00:30",
    "2024-10-27 01:30",
    "2024-01-01 14:08",
  ]);
  assert.match(
    frameView(frame, { caption: "t", timeZone: "Asia/Kolkata" })["text/plain"],
    /times in Asia\/Kolkata$/,
  );
});

Deno.test("dates read as YYYY-MM-DD, minutes to one decimal, other floats to at most three", () => {
  const frame = pl.DataFrame({
    date: pl.Series("date", [19723, 19724, 19725], pl.Int32).cast(pl.Date),
    recovery_minutes: [25.316666, 1287.5, 10],
    per_day: [3.0714285714, 0.5, 2],
    deploys: pl.Series("deploys", [0, 7, 12], pl.Int64),
  });
  const { header, rows } = cellsOf(frameView(frame, { caption: "x" })["text/html"]);
  assert.deepEqual(header, ["date", "recovery_minutes", "per_day", "deploys"]);
  assert.deepEqual(rows, [
    ["2024-01-01", "25.3", "3.071", "0"],
    ["2024-01-02", "1287.5", "0.5", "7"],
    ["2024-01-03", "10.0", "2", "12"],
  ]);
});

Deno.test("minutes round half up on the decimal they stand for: 41 min 33 s reads 41.6", () => {
  const frame = pl.DataFrame({ recovery_minutes: [41.55, 39.05, 0.0005], share: [0.0005, 1, 2] });
  const { rows } = cellsOf(frameView(frame, { caption: "x" })["text/html"]);
  assert.deepEqual(rows.map((row) => row[0]), ["41.6", "39.1", "0.0"]);
  assert.deepEqual(rows.map((row) => row[1]), ["0.001", "1", "2"]);
});

Deno.test("a rounded number keeps its exact value in data-value; an exact one needs none", () => {
  const frame = pl.DataFrame({ mean_minutes: [33.861111111111114, 9.8], n: [1, 2] });
  const html = frameView(frame, { caption: "x" })["text/html"];
  const document = new JSDOM(html).window.document;
  const cells = [...document.querySelectorAll("tbody td")];
  assert.deepEqual(cells.map((cell) => [cell.textContent, cell.getAttribute("data-value")]), [
    ["33.9", "33.861111111111114"],
    ["1", null],
    ["9.8", null],
    ["2", null],
  ]);
});

Deno.test("long column names may wrap after an underscore; numbers and flags never wrap", () => {
  const frame = pl.DataFrame({
    median_deploy_days_per_week: [1.5],
    picked: [true],
    class: ["on demand"],
  });
  const html = frameView(frame, { caption: "x" })["text/html"];
  assert.match(
    html,
    /<th class="num" scope="col">median_<wbr>deploy_<wbr>days_<wbr>per_<wbr>week<\/th>/,
  );
  assert.match(html, /<td class="num">1\.5<\/td><td class="flag">true<\/td><td>on demand<\/td>/);
  assert.deepEqual(cellsOf(html).header, ["median_deploy_days_per_week", "picked", "class"]);
});

Deno.test("nulls read as null, so an open incident is visible as one", () => {
  const frame = pl.DataFrame([
    pl.Series("id", ["a", "b"]),
    instants("resolved", ["2024-01-01T10:00:00Z", null]),
    pl.Series("recovery_minutes", [30, null], pl.Float64),
  ]);
  const { rows } = cellsOf(frameView(frame, { caption: "x" })["text/html"]);
  assert.deepEqual(rows, [["a", "2024-01-01 10:00", "30.0"], ["b", "null", "null"]]);
});

Deno.test("the first rows and the row count, never more rows than asked", () => {
  const frame = pl.DataFrame({ n: Array.from({ length: 25 }, (_, index) => index) });
  const view = frameView(frame, { caption: "numbers", rows: 10 });
  assert.equal(cellsOf(view["text/html"]).rows.length, 10);
  assert.deepEqual(cellsOf(view["text/html"]).rows.at(-1), ["9"]);
  assert.match(
    view["text/html"],
    /<p class="frame-note">the first 10 of 25 rows<\/p>/,
  );
  assert.equal(
    view["text/plain"].split("\n").length,
    1 + 1 + 10 + 1,
    "caption, header, rows, note",
  );

  const all = frameView(frame.head(3), { caption: "few" });
  assert.match(all["text/plain"], /\n3 rows$/, "no zone for a table without times");
  assert.match(frameView(frame.head(1), { caption: "one" })["text/plain"], /\n1 row$/);
  const empty = frameView(frame.head(0), { caption: "none" });
  assert.deepEqual(cellsOf(empty["text/html"]).rows, []);
  assert.match(empty["text/plain"], /0 rows/);
  assert.equal(cellsOf(frameView(frame, { caption: "x", rows: 3 })["text/html"]).rows.length, 3);
});

Deno.test("every string is escaped: values, column names, caption, universe and view name", () => {
  const hostile = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
  const frame = pl.DataFrame({ [hostile]: [hostile, "plain\u001b[31mred"] });
  const view = frameView(frame, {
    caption: hostile,
    universe: `<b>${hostile}</b>`,
    view: hostile,
  });
  const html = view["text/html"];
  assert.ok(!/<img|<script|<b>/.test(html), html);
  const { caption, header, rows } = cellsOf(html);
  assert.equal(caption, `${hostile} (<b>${hostile}</b>)`);
  assert.deepEqual(header, [hostile]);
  assert.equal(rows[0][0], hostile);
  assert.ok(!view["text/plain"].includes("\u001b"), "no terminal escapes in plain text");
  assert.match(view["text/plain"], /plain\\u001b\[31mred/);
  // The output's data-view attribute cannot be broken out of either.
  assert.equal(new JSDOM(html).window.document.querySelectorAll("[data-view]").length, 1);
});

Deno.test("bookkeeping and all-null columns are left out, and the note says which", () => {
  const events = pl.DataFrame({
    file: pl.Series("file", [0, 0], pl.Int32),
    line: pl.Series("line", [2, 3], pl.Int64),
    type: ["deploy", "deploy"],
    id: ["d1", "d2"],
    id_given: [true, true],
    service: ["api", "web"],
    deploy_id: pl.Series("deploy_id", [null, null], pl.Utf8),
    type_rank: pl.Series("type_rank", [0, 0], pl.Int8),
    day: pl.Series("day", [0, 1], pl.Int32),
  });
  const view = frameView(events, { caption: "deploys" });
  assert.deepEqual(cellsOf(view["text/html"]).header, ["type", "id", "service"]);
  assert.match(
    view["text/plain"],
    /2 rows; not shown: deploy_id \(null in every row\); bookkeeping not shown: file, line, id_given, type_rank, day/,
  );

  const rejected = pl.DataFrame({ file: ["events.csv"], line: [7], reason: ["duplicate"] });
  assert.deepEqual(meaningfulColumns(rejected).shown, ["file", "line", "reason"]);

  const explicit = frameView(events, { caption: "x", columns: ["line", "deploy_id"] });
  assert.deepEqual(cellsOf(explicit["text/html"]).rows, [["2", "null"], ["3", "null"]]);
  assert.throws(
    () => frameView(events, { caption: "x", columns: ["nope"] }),
    /no column "nope"; the frame has file, line/,
  );
  const onlyNulls = pl.DataFrame({ resolved: pl.Series("resolved", [null], pl.Utf8) });
  assert.deepEqual(meaningfulColumns(onlyNulls).shown, ["resolved"]);
});

Deno.test("a view shows itself as a cell's last expression, and a Series shows as a column", () => {
  const view = frameView(pl.Series("deploys", [1, 2]), { caption: "s", view: "per-day" });
  const bundle = view[JUPYTER_DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert.equal(bundle["text/html"], view["text/html"]);
  assert.match(
    bundle["text/html"],
    /^<div class="dora-view" data-view="per-day"><table class="frame">/,
  );
  assert.equal(String(view), view["text/plain"]);
  assert.deepEqual(cellsOf(bundle["text/html"]).header, ["deploys"]);
});
