/**
 * The summary written in pieces is byte for byte `JSON.stringify(summary, null, 2)` and a
 * newline: with hostile ids and services, no incidents, open incidents, definitions, and slices
 * of every size; written from the analysis' frames or from the records.
 */
import assert from "node:assert/strict";
import { analyze, analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { summarize, type Summary } from "../../lib/pipeline/summary.ts";
import { type SummaryJsonOptions, writeSummaryJson } from "../../lib/pipeline/summary_json.ts";
import type { EventRecord } from "../../lib/core/events.ts";

async function written(summary: Summary, options: SummaryJsonOptions = {}): Promise<string> {
  const pieces: Uint8Array[] = [];
  await writeSummaryJson(summary, (bytes) => pieces.push(bytes), options);
  const bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    bytes.set(piece, offset);
    offset += piece.length;
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** Both ways of writing, several slice sizes, against JSON.stringify. */
async function assertWrittenAsStringify(
  records: readonly EventRecord[],
  options = {},
): Promise<Summary> {
  const analysis = analyzeRecords(records, options);
  const expected = JSON.stringify(summarize(analysis), null, 2) + "\n";
  for (const sliceSize of [1, 2, 3, 25_000]) {
    assert.equal(
      await written(summarize(analysis), { analysis, sliceSize }),
      expected,
      `${sliceSize}`,
    );
  }
  // Pieces smaller than a record, and than a character: each text is then written on its own.
  for (const pieceBytes of [1, 7, 64, 1000]) {
    assert.equal(
      await written(summarize(analysis), { analysis, pieceBytes }),
      expected,
      `${pieceBytes}`,
    );
    assert.equal(await written(summarize(analysis), { pieceBytes }), expected, `${pieceBytes}`);
  }
  assert.equal(await written(summarize(analysis)), expected);
  return summarize(analysis);
}

const CONTROLS = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join("");
const HOSTILE = [
  'quote"d',
  "back\\slash\\",
  '\\"',
  `controls${CONTROLS}`,
  "line\u2028para\u2029",
  "emoji 😀🏳️‍🌈",
  "bidi \u202e\u2066x\u2069\u200f",
  "del\u007f nbsp\u00a0 bom\ufeff",
  "</script><b>",
  '}"]',
  '"}',
];
const at = (minutes: number) => Date.UTC(2024, 0, 1, 10) + minutes * 60_000;

Deno.test("hostile ids, services and deploy ids are escaped exactly as JSON.stringify escapes them", async () => {
  const records: EventRecord[] = HOSTILE.flatMap((text, i): EventRecord[] => [
    { timestamp: at(i * 10), type: "deploy", id: `d${text}`, service: text },
    { timestamp: at(i * 10 + 1), type: "incident_start", id: `i${text}`, service: text },
    { timestamp: at(i * 10 + 5) + 1, type: "incident_resolved", id: `i${text}` },
    // An explicit link to a hostile deploy of another service, and one to a deploy not read.
    {
      timestamp: at(i * 10 + 2),
      type: "incident_start",
      id: `x${text}`,
      service: "plain",
      deploy_id: `d${text}`,
    },
    {
      timestamp: at(i * 10 + 3),
      type: "incident_start",
      id: `y${text}`,
      service: text,
      deploy_id: `gone${text}`,
    },
  ]);
  const summary = await assertWrittenAsStringify(records);
  assert.equal(summary.incidents.length, HOSTILE.length * 3);
  assert.ok(summary.incidents.some((incident) => incident.service === `controls${CONTROLS}`));
});

Deno.test("no incidents at all: an empty list", async () => {
  const summary = await assertWrittenAsStringify([
    { timestamp: at(0), type: "deploy", id: "d1", service: "api" },
  ]);
  assert.deepEqual(summary.incidents, []);
});

Deno.test("open incidents, no causes, inference off, and causes before the window: nulls and every story", async () => {
  const records: EventRecord[] = [
    { timestamp: at(-3000), type: "deploy", id: "old", service: "api" },
    { timestamp: at(0), type: "deploy", id: "d1", service: "api" },
    { timestamp: at(30), type: "incident_start", id: "open", service: "api" },
    { timestamp: at(40), type: "incident_start", id: "alone", service: "db" },
    { timestamp: at(41), type: "incident_resolved", id: "alone" },
    { timestamp: at(2000), type: "incident_start", id: "late", service: "api" },
    { timestamp: at(2000) + 1500, type: "incident_resolved", id: "late" },
  ];
  const summary = await assertWrittenAsStringify(records);
  const open = summary.incidents.find((incident) => incident.id === "open")!;
  assert.deepEqual([open.resolved, open.recovery_minutes], [null, null]);
  await assertWrittenAsStringify(records, { attributionWindowMs: null });
  await assertWrittenAsStringify(records, { attributionWindowMs: 0 });
});

Deno.test("synthetic universes, windows and definitions: the whole summary", async () => {
  for (const seed of [1, 42]) {
    const analysis = analyze({ kind: "synthetic", seed, days: 21 });
    const summary = summarize(analysis, { definitions: ["dora", "fourkeys", "gitlab", "devlake"] });
    assert.ok(summary.definitions?.length);
    const expected = JSON.stringify(summary, null, 2) + "\n";
    assert.equal(await written(summary, { analysis, sliceSize: 7 }), expected);
    assert.equal(await written(summary), expected);
  }
});

Deno.test("given the analysis, the incident records are never built", async () => {
  const analysis = analyzeRecords([
    { timestamp: at(0), type: "incident_start", id: "i1", service: "api" },
  ]);
  const summary = summarize(analysis);
  const expected = JSON.stringify(summary, null, 2) + "\n";
  const untouched = summarize(analysis);
  Object.defineProperty(untouched, "incidents", {
    enumerable: true,
    get: () => assert.fail("the records were built"),
  });
  assert.equal(await written(untouched, { analysis }), expected);
});

Deno.test("any summary-shaped value: empty containers, undefined, long lists, nested lists", async () => {
  const rejected = Array.from({ length: 3000 }, (_, line) => ({
    file: `f"${line % 3}`,
    line,
    reason: "timestamp: missing\u2028",
  }));
  const shapes = [
    {},
    { a: [], b: {}, c: null, d: undefined, e: () => 1, f: [undefined, () => 1, NaN, -0, 1e21] },
    { events: { rejected, filtered: { rows: 0, by_filter: {} } }, nested: [[[]], [{}], [[1, 2]]] },
    { 'key\n"': { "inner\u0000": [{ deep: [{ deeper: "x" }] }] }, last: Infinity },
  ];
  for (const shape of shapes) {
    assert.equal(
      await written(shape as unknown as Summary),
      JSON.stringify(shape, null, 2) + "\n",
    );
  }
});

Deno.test("rejected rows with hostile file names and reasons are written as JSON.stringify writes them", async () => {
  const folder = await Deno.makeTempDir();
  const names = ['ev"il\\ name\t\n.ndjson', "plain.ndjson"];
  const lines = [
    ...HOSTILE.map((text) => JSON.stringify({ timestamp: "2024-01-01T10:00:00Z", type: text })),
    JSON.stringify({ timestamp: "2024-01-01T11:00:00Z", type: "deploy", id: "d1" }),
    "{}",
    "not json",
  ];
  const files = names.map((name) => `${folder}/${name}`);
  for (const file of files) await Deno.writeTextFile(file, lines.join("\n") + "\n");
  const analysis = analyze({ kind: "file", files });
  const summary = summarize(analysis);
  // Each file's hostile types, `{}` and broken line; and the second file's d1, a duplicate.
  assert.equal(summary.events.rejected.length, 2 * (HOSTILE.length + 2) + 1);
  assert.ok(summary.events.rejected.some((row) => row.reason.includes(CONTROLS.slice(1))));
  const expected = JSON.stringify(summary, null, 2) + "\n";
  for (const sliceSize of [1, 2, 3, 25_000]) {
    assert.equal(await written(summary, { analysis, sliceSize }), expected, `${sliceSize}`);
  }
  // A summary whose rows no longer are the analysis's is written from what it holds.
  const changed = {
    ...summary,
    events: { ...summary.events, rejected: summary.events.rejected.slice(1) },
  };
  assert.equal(await written(changed, { analysis }), JSON.stringify(changed, null, 2) + "\n");
});
