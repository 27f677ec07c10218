/**
 * JSON as tools write it: arrays on one line (`jq -c`, most APIs), pages back to back
 * (`gh api --paginate`), one page per line, arrays of pages (`--slurp`). Records are told apart by
 * their place, never by a line they share.
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize, type Summary } from "../../lib/pipeline/summary.ts";
import { fixture, tempFile, textRowsOf } from "../helpers.ts";

function summaryOf(...files: string[]): Summary {
  return summarize(analyze({ kind: "file", files }));
}

Deno.test("a one-line JSON array: duplicates found by identity, ids and reasons by element", () => {
  const summary = summaryOf(fixture("shapes/events-one-line.json"));
  assert.equal(summary.events.read, 9);
  assert.equal(summary.events.used, 6);
  // Rows of one line keep their order: parsing rejects first, then the stream rules.
  assert.deepEqual(summary.events.rejected.map((row) => [row.line, row.reason]), [
    [
      1,
      'timestamp: no UTC offset, so the instant is ambiguous: "2024-03-05T10:00:00" (add Z or ±hh:mm) [element 8]',
    ],
    [1, "duplicate: same type, id and timestamp as line 1, element 3 [element 4]"],
    [1, "duplicate: same type, id and timestamp as line 1, element 5 [element 6]"],
  ]);
  assert.equal(summary.deployment_frequency.deploys, 4);
  assert.deepEqual(summary.incidents.map((incident) => [incident.id, incident.recovery_minutes]), [
    ["i1", 45],
  ]);
  const ids = analyze({ kind: "file", files: [fixture("shapes/events-one-line.json")] })
    .deploys.getColumn("id").toArray();
  assert.deepEqual(ids, ["element-1", "element-2", "d3", "element-9"]);
});

Deno.test("the same array pretty-printed gives the same metrics, with lines for ids", () => {
  const events = JSON.parse(Deno.readTextFileSync(fixture("shapes/events-one-line.json")));
  const pretty = tempFile(
    `[\n${events.map((event: unknown) => JSON.stringify(event)).join(",\n")}\n]\n`,
    ".json",
  );
  const summary = summaryOf(pretty);
  const compact = summaryOf(fixture("shapes/events-one-line.json"));
  assert.deepEqual(summary.deploys_per_day, compact.deploys_per_day);
  assert.deepEqual(summary.incidents, compact.incidents);
  assert.deepEqual(summary.events.rejected.map((row) => [row.line, row.reason.split(":")[0]]), [
    [5, "duplicate"],
    [7, "duplicate"],
    [9, "timestamp"],
  ]);
  assert.equal(
    summary.events.rejected[0].reason,
    "duplicate: same type, id and timestamp as line 4",
  );
});

Deno.test("a deployment repeated in a one-line GitHub export counts once", () => {
  const summary = summaryOf(
    fixture("shapes/gh-deployments-one-line.json"),
    fixture("github-deployments/statuses.json"),
  );
  const twoFiles = summaryOf(
    fixture("github-deployments/deployments.json"),
    fixture("github-deployments/statuses.json"),
  );
  assert.equal(summary.deployment_frequency.deploys, twoFiles.deployment_frequency.deploys);
  assert.equal(summary.deployment_frequency.deploys, 3);
  assert.deepEqual(
    summary.events.rejected.map((row) => row.reason).filter((reason) =>
      reason.startsWith("duplicate")
    ),
    ["duplicate: same type, id and timestamp as line 1, element 1 [element 7]"],
  );
});

Deno.test("gh api --paginate: pages back to back, one per line, or slurped, read as one export", () => {
  const pages = summaryOf(
    fixture("github-actions/runs.json"),
    fixture("github-actions/runs-page-2.json"),
  );
  for (
    const shape of [
      "shapes/gh-paginate-runs.json",
      "shapes/gh-paginate-runs-per-line.json",
      "shapes/gh-paginate-slurp.json",
    ]
  ) {
    const summary = summaryOf(fixture(shape));
    assert.equal(summary.events.read, 10, shape);
    assert.deepEqual(summary.deploys_per_day, pages.deploys_per_day, shape);
    assert.deepEqual(summary.lead_time, pages.lead_time, shape);
    assert.deepEqual(
      summary.events.rejected.map((row) => row.reason.replace(/ \[element \d+\]$/, "")),
      pages.events.rejected.map((row) => row.reason),
      shape,
    );
  }
  // Back to back on one line: each run is told apart by its element.
  const rows = textRowsOf([fixture("shapes/gh-paginate-runs.json")]);
  assert.deepEqual(rows.map((row) => [row.line, row.element]), [
    [1, 1],
    [1, 2],
    [1, 3],
    [1, 4],
    [1, 5],
    [1, 6],
    [1, 7],
    [1, 8],
    [1, 9],
    [1, 10],
  ]);
  // One page per line: the runs of the second page are on line 2 alone.
  const perLine = textRowsOf([fixture("shapes/gh-paginate-runs-per-line.json")]);
  assert.deepEqual(perLine.at(-1), {
    file: 0,
    line: 2,
    reason: "run_attempt: attempt 1 of run 101 appears again (attempt 1)",
  });
});

Deno.test("canonical pages and empty pages: arrays back to back or slurped, lines kept", () => {
  const deploy = (hour: number) => ({ timestamp: `2024-03-04T${hour}:00:00Z`, type: "deploy" });
  const backToBack = tempFile(
    `${JSON.stringify([deploy(10), deploy(11)])}[]\n${JSON.stringify([deploy(12)])}`,
    ".json",
  );
  assert.deepEqual(textRowsOf([backToBack]).map((row) => [row.line, row.element ?? null]), [
    [1, 1],
    [1, 2],
    [2, null],
  ]);
  const slurped = tempFile(JSON.stringify([[deploy(10)], [], [deploy(11), deploy(12)]]), ".json");
  assert.equal(summaryOf(slurped).deployment_frequency.deploys, 3);
  const lastPageEmpty = tempFile(`${JSON.stringify([deploy(10)])}\n[]\n`, ".ndjson");
  assert.equal(summaryOf(lastPageEmpty).events.read, 1);
  // Objects back to back on one line are records, too.
  const records = tempFile(`${JSON.stringify(deploy(10))}${JSON.stringify(deploy(11))}`, ".json");
  assert.equal(summaryOf(records).deployment_frequency.deploys, 2);
  // Still not JSON: a whole-file error.
  assert.throws(
    () => summaryOf(tempFile('[{"timestamp": "2024-03-04T10:00:00Z"}][', ".json")),
    /not valid JSON/,
  );
});

Deno.test("an empty object is a record without a timestamp, not an empty line", () => {
  const array = summaryOf(
    tempFile(
      '[{}, {"type": "deploy"}, {"timestamp": "2024-03-04T10:00:00Z", "type": "deploy"}]',
      ".json",
    ),
  );
  assert.deepEqual(array.events.rejected.map((row) => row.reason), [
    "timestamp: missing [element 1]",
    "timestamp: missing [element 2]",
  ]);
  const lines = summaryOf(
    tempFile('{"timestamp": "2024-03-04T10:00:00Z", "type": "deploy"}\n{}\n\n', ".ndjson"),
  );
  assert.deepEqual(lines.events.rejected.map((row) => [row.line, row.reason]), [
    [2, "timestamp: missing"],
    [3, "empty line"],
  ]);
});

Deno.test("an NDJSON line longer than 16 MiB is one rejected row; the others are read", () => {
  const huge = `{"timestamp": "2024-03-04T11:00:00Z", "type": "deploy", "id": "${
    "x".repeat(17 << 20)
  }"}`;
  const path = tempFile(
    `{"timestamp": "2024-03-04T10:00:00Z", "type": "deploy"}\n${huge}\n`,
    ".ndjson",
  );
  const summary = summaryOf(path);
  assert.equal(summary.events.read, 2);
  assert.equal(summary.events.used, 1);
  assert.deepEqual(summary.events.rejected.map((row) => [row.line, row.reason]), [
    [2, "line: longer than 16.0 MiB; no event needs a line that long"],
  ]);
});

Deno.test("a million empty objects take seconds, not minutes", () => {
  // 3 bytes a record is the worst case for memory; the bound here is time, and no crash.
  const path = tempFile(`[${Array(1_000_000).fill("{}").join(",")}]`, ".json");
  const started = performance.now();
  assert.throws(() => summaryOf(path), /no usable events \(1000000 rows rejected\)/);
  assert.ok(performance.now() - started < 60_000, `${performance.now() - started} ms`);
});

Deno.test("NDJSON lines that hold several objects, or end in bare CRs, are read record by record", () => {
  const deploy = (hour: number) =>
    JSON.stringify({ timestamp: `2024-03-04T${hour}:00:00Z`, type: "deploy" });
  const backToBack = summaryOf(tempFile(`${deploy(10)}${deploy(11)}\n${deploy(12)}\n`, ".ndjson"));
  assert.deepEqual([backToBack.events.read, backToBack.deployment_frequency.deploys], [3, 3]);
  const bareCr = summaryOf(tempFile(`${deploy(10)}\r${deploy(11)}\r`, ".ndjson"));
  assert.deepEqual([bareCr.events.read, bareCr.deployment_frequency.deploys], [2, 2]);
});
