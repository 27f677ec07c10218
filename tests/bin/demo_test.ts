import assert from "node:assert/strict";
import { parseCliArgs, UsageError } from "../../bin/demo_flags.ts";
import { analysisFor, main } from "../../bin/demo.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { csv, demoProcess, tempFile } from "../helpers.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function demo(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const output = await demoProcess(args, 60_000, env);
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
    files[entry.name] = Deno.readTextFileSync(`${dir}/${entry.name}`);
  }
  return files;
}

Deno.test("flags are parsed and checked", () => {
  assert.deepEqual(parseCliArgs([]), {
    seed: 42,
    days: null,
    profile: "mixed",
    scenario: null,
    attributionWindowMs: 86_400_000,
    reportYear: 2023,
    compare: null,
    explain: null,
    definitions: null,
    inputs: [],
    timeZone: "UTC",
    start: null,
    end: null,
    out: "out",
    json: false,
    help: false,
  });
  assert.deepEqual(parseCliArgs(["--input", "a.csv", "--input", "b.csv"]).inputs, [
    "a.csv",
    "b.csv",
  ]);
  assert.equal(parseCliArgs(["--attribution-window", "none"]).attributionWindowMs, null);
  assert.equal(parseCliArgs(["--attribution-window", "90m"]).attributionWindowMs, 5_400_000);
  assert.equal(parseCliArgs(["--report-year", "2024"]).reportYear, 2024);
  assert.equal(parseCliArgs(["--profile", "low"]).profile, "low");
  for (
    const bad of [
      ["--days", "0"],
      ["--days", "abc"],
      ["--days", "1.5"],
      ["--seed", "x"],
      ["--frobnicate"],
      ["stray"],
      ["--tz", "Nowhere/Land"],
      ["--input", "a.csv", "--start", "2024-13-01"],
      ["--start", "2024-01-01"],
      ["--input", "a.csv", "--start", "2024-01-05", "--end", "2024-01-01"],
      ["--profile", "heroic"],
      ["--input", "a.csv", "--profile", "elite"],
      ["--report-year", "1999"],
      ["--attribution-window", "soon"],
    ]
  ) {
    assert.throws(() => parseCliArgs(bad), UsageError, bad.join(" "));
  }
});

Deno.test("bad flags and unreadable inputs exit 2 with one line on stderr", async () => {
  for (
    const args of [["--days", "0"], ["--days", "abc"], ["--unknown-flag"], [
      "--input",
      "/no/such/events.csv",
    ]]
  ) {
    const run = await demo([...args, "--json"]);
    assert.equal(run.code, 2, args.join(" "));
    assert.equal(run.stdout, "");
    assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
    assert.match(run.stderr, /^error: /);
  }
  const missing = await demo(["--input", "/no/such/events.csv", "--json"]);
  assert.match(missing.stderr, /\/no\/such\/events\.csv: no such file/);
});

Deno.test("--json prints exactly one JSON object and writes nothing", async () => {
  const out = `${Deno.makeTempDirSync()}/never`;
  const run = await demo(["--json", "--out", out]);
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  assert.equal(summary.source.seed, 42);
  assert.equal(summary.window.days, 14);
  assert.throws(() => Deno.statSync(out), Deno.errors.NotFound);
});

Deno.test("--json writes through a pipe exactly JSON.stringify(summary, null, 2) and a newline", async () => {
  const args = ["--json", "--seed", "3", "--days", "365"];
  const expected = JSON.stringify(summarize(analysisFor(parseCliArgs(args))), null, 2) + "\n";
  // Longer than a pipe holds at once, so the writes wait for the reader.
  assert.ok(expected.length > 65_536, `${expected.length}`);
  const run = await demo(args);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, expected);
  // A test's Io without `write` gets the same text as one block, less the newline it adds.
  const blocks: string[] = [];
  assert.equal(await main(args, { stdout: (t) => blocks.push(t), stderr: () => {} }), 0);
  assert.deepEqual(blocks, [expected.slice(0, -1)]);
});

Deno.test("a reader that goes away ends --json quietly, as console.log did", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...[
        "--allow-read",
        "--allow-write",
        "--allow-ffi=node_modules",
        "--allow-sys",
        "--allow-env",
      ],
      "bin/demo.ts",
      ...["--json", "--seed", "3", "--days", "365"],
    ],
    cwd: new URL("../../", import.meta.url).pathname,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  const first = await reader.read();
  assert.ok(first.value && first.value.length > 0);
  await reader.cancel();
  const [{ code }, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
  assert.equal(stderr, "");
  assert.equal(code, 0);
});

Deno.test("rejected rows are reported on stderr with file and line, and the run still succeeds", async () => {
  const path = tempFile(
    csv("timestamp,type", "2024-01-01T10:00:00Z,deploy", "2024-01-01T11:00:00,deploy"),
  );
  const run = await demo(["--input", path, "--json"]);
  assert.equal(run.code, 0);
  assert.equal(JSON.parse(run.stdout).events.rejected.length, 1);
  assert.ok(run.stderr.includes(`${path}:3: timestamp: no UTC offset`), run.stderr);
});

Deno.test("the same flags give byte-identical files under any TZ, and another seed differs", async () => {
  const base = Deno.makeTempDirSync();
  const first = await demo(["--out", `${base}/a`]);
  assert.equal(first.code, 0, first.stderr);
  const again = await demo(["--out", `${base}/b`], {
    TZ: "Pacific/Chatham",
    LANG: "de_DE.UTF-8",
    LC_ALL: "de_DE.UTF-8",
  });
  assert.equal(again.code, 0, again.stderr);
  const a = readTree(`${base}/a`);
  assert.deepEqual(Object.keys(a), [
    "01_deployment_frequency.svg",
    "02_deploys_per_day.svg",
    "03_recovery_time.svg",
    "04_timeline.svg",
    "05_lead_time.svg",
    "report.html",
  ]);
  assert.deepEqual(readTree(`${base}/b`), a);
  assert.equal(first.stdout.replaceAll(`${base}/a`, ""), again.stdout.replaceAll(`${base}/b`, ""));

  const jsonUtc = await demo(["--json", "--seed", "7", "--days", "21"], { TZ: "UTC" });
  const jsonChatham = await demo(["--json", "--seed", "7", "--days", "21"], {
    TZ: "Pacific/Chatham",
  });
  assert.equal(jsonUtc.stdout, jsonChatham.stdout);
  const other = JSON.parse(jsonUtc.stdout);
  assert.equal(other.window.days, 21);
  const defaultJson = JSON.parse((await demo(["--json"])).stdout);
  assert.notDeepEqual(other.deploys_per_day.slice(0, 14), defaultJson.deploys_per_day);
});

Deno.test("a failed run leaves earlier output untouched", async () => {
  const out = `${Deno.makeTempDirSync()}/out`;
  assert.equal((await demo(["--out", out])).code, 0);
  Deno.writeTextFileSync(`${out}/notes.txt`, "mine");
  const before = readTree(out);
  const failed = await demo(["--out", out, "--input", "/no/such/file.csv"]);
  assert.equal(failed.code, 2);
  assert.deepEqual(readTree(out), before);
  const empty = await demo(["--out", out, "--input", tempFile("timestamp,type\n")]);
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /no usable events/);
  assert.deepEqual(readTree(out), before);
});
