/**
 * Hostile input is harmless. Valid CSV, NDJSON, JSON and vendor files are mutated (truncated, sprayed
 * with random bytes and NULs, given a 1 MB field, a BOM, CRLF endings, 10 000 levels of nesting,
 * replaced by binary garbage, emptied, gzipped) and reshaped the way real tools write files (JSON
 * on one line, pages back to back, bare-CR line ends, rows with extra cells, stray quotes, control
 * characters in names), and fed to the real CLI. Every run must end either with status 0 and a
 * valid JSON summary (read = used + outside_window + rejected + filtered), or with a non-zero
 * status and exactly one `error:` line, itself one line; any other stderr line is a one-line
 * `rejected:` detail. Never an uncaught exception, never a stack trace, never a hang.
 *
 * Deterministic: every draw comes from one seeded `seedrandom` stream.
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import seedrandom from "seedrandom";
import { main } from "../../bin/demo.ts";
import { demoProcess, fixture, tempFile } from "../helpers.ts";

const SEED = "issue-5-fuzz";
const IN_PROCESS_CASES = 140;
/** A run this slow on inputs of a few MB would be a hang in the making. */
const RUN_TIME_LIMIT_MS = 10_000;
const SUBPROCESS_TIMEOUT_MS = 60_000;
const MEGABYTE = 1 << 20;
const NESTING = 10_000;

const random = seedrandom(SEED);
const below = (limit: number) => Math.floor(random() * limit);
const pick = <T>(items: readonly T[]): T => items[below(items.length)];
const encoder = new TextEncoder();

const EVENTS = Array.from({ length: 24 }, (_, index) => {
  const at = (minutes: number) =>
    new Date(Date.UTC(2024, 2, 4 + Math.floor(index / 4), 9, minutes)).toISOString();
  const service = pick(["shop", "search"]);
  if (index % 4 === 0) {
    return {
      timestamp: at(0),
      type: "deploy",
      id: `d${index}`,
      service,
      commit_timestamp: at(-90),
    };
  }
  if (index % 4 === 1) {
    return { timestamp: at(10), type: "incident_start", id: `i${index}`, service };
  }
  if (index % 4 === 2) {
    return { timestamp: at(50), type: "incident_resolved", id: `i${index - 1}`, service };
  }
  return { timestamp: at(30), type: "deploy", id: `d${index}`, service, deploy_id: null };
});
const COLUMNS = ["timestamp", "type", "id", "service", "commit_timestamp", "deploy_id"] as const;

interface Base {
  name: string;
  suffix: string;
  text: string;
}

const BASES: Base[] = [
  {
    name: "csv",
    suffix: ".csv",
    text: [
      COLUMNS.join(","),
      ...EVENTS.map((event) =>
        COLUMNS.map((column) => (event as Record<string, unknown>)[column] ?? "").join(",")
      ),
    ]
      .join("\n") + "\n",
  },
  {
    name: "ndjson",
    suffix: ".ndjson",
    text: EVENTS.map((event) => JSON.stringify(event)).join("\n") + "\n",
  },
  { name: "json", suffix: ".json", text: JSON.stringify(EVENTS, null, 2) + "\n" },
  ...[
    "github-actions/runs.json",
    "github-deployments/deployments.json",
    "gitlab-deployments/deployments.json",
    "pagerduty/incidents.json",
    "pagerduty/webhooks.ndjson",
    "opsgenie/alerts.json",
  ].map((path) => ({
    name: path,
    suffix: path.slice(path.lastIndexOf(".")),
    text: Deno.readTextFileSync(fixture(path)),
  })),
];

type Mutation = (bytes: Uint8Array, base: Base) => Uint8Array;

/** `bytes` with `count` bytes at `at` replaced by `insert`. */
function splice(
  bytes: Uint8Array,
  { at, count, insert }: { at: number; count: number; insert: Uint8Array },
): Uint8Array {
  const remove = Math.min(count, bytes.length - at);
  const result = new Uint8Array(bytes.length - remove + insert.length);
  result.set(bytes.subarray(0, at));
  result.set(insert, at);
  result.set(bytes.subarray(at + remove), at + insert.length);
  return result;
}

function randomBytes(count: number): Uint8Array {
  return Uint8Array.from({ length: count }, () => below(256));
}

/** A position just after a `"` or `,` when there is one, so the insert lands inside a value. */
function valuePosition(bytes: Uint8Array): number {
  for (let tries = 0; tries < 20; tries++) {
    const at = below(bytes.length);
    if (bytes[at] === 0x22 || bytes[at] === 0x2c) return at + 1;
  }
  return below(bytes.length + 1);
}

const MUTATIONS: Record<string, Mutation> = {
  truncate: (bytes) => bytes.subarray(0, below(bytes.length)),
  "random bytes": (bytes) => {
    let result = bytes;
    for (let count = 1 + below(8); count > 0; count--) {
      result = splice(result, {
        at: below(result.length + 1),
        count: below(3),
        insert: randomBytes(1 + below(4)),
      });
    }
    return result;
  },
  "NUL bytes": (bytes) =>
    splice(bytes, { at: below(bytes.length + 1), count: 0, insert: new Uint8Array(1 + below(3)) }),
  "1 MB field": (bytes) =>
    splice(bytes, {
      at: valuePosition(bytes),
      count: 0,
      insert: encoder.encode(pick(["x", "é", "=", "\\u0041", "9"]).repeat(MEGABYTE)),
    }),
  BOM: (bytes) => splice(bytes, { at: 0, count: 0, insert: Uint8Array.of(0xef, 0xbb, 0xbf) }),
  CRLF: (bytes) => encoder.encode(new TextDecoder().decode(bytes).replaceAll("\n", "\r\n")),
  empty: () => new Uint8Array(0),
  "first line only": (bytes) => bytes.subarray(0, Math.max(0, bytes.indexOf(0x0a) + 1)),
  "10k nesting": (bytes, base) => {
    const deep = "[".repeat(NESTING) + "]".repeat(NESTING);
    if (base.suffix === ".csv") {
      return splice(bytes, { at: valuePosition(bytes), count: 0, insert: encoder.encode(deep) });
    }
    const value = pick([deep, '{"a":'.repeat(NESTING) + "1" + "}".repeat(NESTING)]);
    return pick([
      () => encoder.encode(value),
      () => encoder.encode(`{"timestamp":${value},"type":"deploy"}\n`),
      () => splice(bytes, { at: valuePosition(bytes), count: 0, insert: encoder.encode(value) }),
    ])();
  },
  "binary garbage": () => randomBytes(1 + below(4096)),
  "whitespace line": (bytes) =>
    splice(bytes, {
      at: Math.max(0, bytes.indexOf(0x0a) + 1),
      count: 0,
      insert: encoder.encode("   \n"),
    }),
  "one line": (bytes) => {
    // How APIs and `jq -c` write JSON; for other formats, the newlines simply go.
    const text = new TextDecoder().decode(bytes);
    try {
      return encoder.encode(JSON.stringify(JSON.parse(text)));
    } catch {
      return encoder.encode(text.replaceAll("\n", ""));
    }
  },
  "pages back to back": (bytes) => {
    const joined = new Uint8Array(bytes.length * 2);
    joined.set(bytes);
    joined.set(bytes, bytes.length);
    return joined;
  },
  "bare CR": (bytes) => encoder.encode(new TextDecoder().decode(bytes).replaceAll("\n", "\r")),
  "extra cells": (bytes) => {
    const lines = new TextDecoder().decode(bytes).split("\n");
    for (let count = 1 + below(3); count > 0; count--) {
      const at = below(lines.length);
      lines[at] += pick([",extra", ",", ",,note", ',"quoted, cell"']);
    }
    return encoder.encode(lines.join("\n"));
  },
  "stray quote": (bytes) =>
    splice(bytes, {
      at: valuePosition(bytes),
      count: 0,
      insert: encoder.encode(pick(['"api"x', '"', 'a"b', '""x', '"\r'])),
    }),
  "control characters": (bytes) =>
    splice(bytes, {
      at: valuePosition(bytes),
      count: 0,
      insert: encoder.encode(
        pick(["\u0000", "\u0001", "\u000b", "\u001b[31m", "\ufffe", "\u202e"]),
      ),
    }),
  "shuffled lines": (bytes) => {
    const lines = new TextDecoder().decode(bytes).split("\n");
    for (let index = lines.length - 1; index > 0; index--) {
      const other = below(index + 1);
      [lines[index], lines[other]] = [lines[other], lines[index]];
    }
    return encoder.encode(lines.join("\n"));
  },
};

interface Case {
  description: string;
  args: string[];
}

function makeCase(index: number): Case {
  const base = pick(BASES);
  const names = Array.from({ length: 1 + below(2) }, () => pick(Object.keys(MUTATIONS)));
  let bytes: Uint8Array = encoder.encode(base.text);
  for (const name of names) bytes = MUTATIONS[name](bytes, base);
  let suffix = base.suffix;
  if (below(6) === 0) {
    bytes = gzipSync(bytes);
    suffix += ".gz";
    if (below(2) === 0) bytes = bytes.subarray(0, below(bytes.length));
  }
  if (below(10) === 0) suffix = pick([".txt", ".json", ".csv", ".ndjson"]); // a misleading name
  const args = ["--input", tempFile(bytes, suffix), "--json"];
  if (below(5) === 0) {
    args.push("--input", tempFile(encoder.encode(pick(BASES).text), pick(BASES).suffix));
  }
  if (below(6) === 0) {
    args.push(
      "--from",
      pick([
        "canonical",
        "github-actions",
        "github-deployments",
        "gitlab-deployments",
        "pagerduty",
        "opsgenie",
      ]),
    );
  }
  if (below(8) === 0) args.push("--strict");
  return {
    description: `#${index} ${base.name} ${names.join(" + ")} as ${suffix} ${
      args.slice(3).join(" ")
    }`,
    args,
  };
}

/** Checks one run's outcome against the contract in the module doc. */
function checkOutcome(
  description: string,
  { status, stdout, stderr }: { status: number; stdout: string[]; stderr: string[] },
): void {
  const strict = description.includes("--strict");
  if (status === 0 || (strict && status === 3)) {
    assert.equal(stdout.length, 1, `${description}: one JSON document on stdout`);
    const summary = JSON.parse(stdout[0]);
    const { read, used, outside_window, rejected, filtered } = summary.events;
    assert.equal(
      read,
      used + outside_window + rejected.length + (filtered?.rows ?? 0),
      `${description}: read = used + outside + rejected + filtered`,
    );
    for (const line of stderr) assert.match(line, /^(rejected|strict): [^\n]*$/, description);
    return;
  }
  assert.ok([1, 2].includes(status), `${description}: status ${status}`);
  assert.equal(stdout.length, 0, `${description}: nothing on stdout`);
  const errors = stderr.filter((line) => line.startsWith("error: "));
  assert.equal(
    errors.length,
    1,
    `${description}: exactly one error line, got ${JSON.stringify(stderr).slice(0, 300)}`,
  );
  assert.ok(!errors[0].includes("\n"), `${description}: the error is one line`);
  for (const line of stderr) assert.match(line, /^(error|rejected): [^\n]*$/, description);
}

Deno.test("fuzz: mutated inputs through main() end in a summary or one error line", async () => {
  const outcomes: Record<string, number> = {};
  for (let index = 0; index < IN_PROCESS_CASES; index++) {
    const { description, args } = makeCase(index);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const started = performance.now();
    let status: number;
    try {
      status = await main(args, {
        stdout: (text) => stdout.push(text),
        stderr: (text) => stderr.push(text),
      });
    } catch (error) {
      throw new Error(`${description}: uncaught ${(error as Error)?.stack ?? error}`);
    }
    assert.ok(
      performance.now() - started < RUN_TIME_LIMIT_MS,
      `${description}: took ${performance.now() - started} ms`,
    );
    checkOutcome(description, { status, stdout, stderr });
    outcomes[status] = (outcomes[status] ?? 0) + 1;
  }
  // The mix is fixed by the seed; both kinds of ending must occur for the test to mean anything.
  assert.ok(
    outcomes[0] > 10 && (outcomes[1] ?? 0) + (outcomes[2] ?? 0) > 10,
    JSON.stringify(outcomes),
  );
});

/** The shapes real tools give files, each applied to every base once (the draw above may miss some). */
const REAL_SHAPES = [
  "one line",
  "pages back to back",
  "bare CR",
  "extra cells",
  "stray quote",
  "control characters",
];

Deno.test("fuzz: every real-world shape on every base ends in a summary or one error line", async () => {
  for (const shape of REAL_SHAPES) {
    for (const base of BASES) {
      const description = `${base.name} ${shape}`;
      const bytes = MUTATIONS[shape](encoder.encode(base.text), base);
      const stdout: string[] = [];
      const stderr: string[] = [];
      const started = performance.now();
      let status: number;
      try {
        status = await main(["--input", tempFile(bytes, base.suffix), "--json"], {
          stdout: (text) => stdout.push(text),
          stderr: (text) => stderr.push(text),
        });
      } catch (error) {
        throw new Error(`${description}: uncaught ${(error as Error)?.stack ?? error}`);
      }
      assert.ok(performance.now() - started < RUN_TIME_LIMIT_MS, `${description}: too slow`);
      checkOutcome(description, { status, stdout, stderr });
    }
  }
});

Deno.test("fuzz: hostile files in a real process with the demo task's permissions", async () => {
  const deep = "[".repeat(NESTING) + "]".repeat(NESTING);
  const files: [string, string | Uint8Array][] = [
    // Each of the first two would crash the process inside polars if it reached it.
    [".ndjson", `{"timestamp":${deep},"type":"deploy"}\n`],
    [".ndjson", '{"timestamp":"2024-03-04T09:00:00Z","type":"deploy","id":"a"}\n \t \n'],
    [".json.gz", gzipSync(randomBytes(2048))],
    // Polars once failed on these with a stack trace: a quoted cell followed by text, and one
    // followed by a bare CR.
    [".csv", 'timestamp,type,id,service\n2024-03-04T09:00:00Z,deploy,d1,"api"x\n'],
    [".csv", 'timestamp,type,id,service\r2024-03-04T09:00:00Z,deploy,d1,"api"\r"x\r'],
    [
      ".csv",
      `timestamp,type,id\n2024-03-04T09:00:00Z,deploy,${
        "x".repeat(MEGABYTE)
      }\n\u0000\u0000,deploy\n`,
    ],
  ];
  for (const [suffix, content] of files) {
    const path = tempFile(content, suffix);
    const output = await demoProcess(["--input", path, "--json"], SUBPROCESS_TIMEOUT_MS);
    const decode = (bytes: Uint8Array) =>
      new TextDecoder().decode(bytes).split("\n").filter((line) => line !== "");
    const stdout = new TextDecoder().decode(output.stdout);
    checkOutcome(`subprocess ${suffix}`, {
      status: output.code,
      stdout: stdout.trim() === "" ? [] : [stdout],
      stderr: decode(output.stderr),
    });
  }
});
