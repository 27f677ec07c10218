import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { main } from "../../bin/demo.ts";
import { compareUniverses, parseUniverses } from "../../lib/pipeline/universes.ts";
import { renderComparison } from "../../lib/report/comparison.ts";

const DEFAULTS = { seed: 42, profile: "mixed" as const };

Deno.test("universes are seeds, profiles, or profile:seed", () => {
  assert.deepEqual(parseUniverses("42,7", DEFAULTS), [{ seed: 42, profile: "mixed" }, {
    seed: 7,
    profile: "mixed",
  }]);
  assert.deepEqual(parseUniverses("elite, low", DEFAULTS), [{ seed: 42, profile: "elite" }, {
    seed: 42,
    profile: "low",
  }]);
  assert.deepEqual(parseUniverses("high:3,medium:-4", DEFAULTS), [{ seed: 3, profile: "high" }, {
    seed: -4,
    profile: "medium",
  }]);
  for (const bad of ["42", "42,", "42,heroic", "elite:x,low", ""]) {
    assert.throws(() => parseUniverses(bad, DEFAULTS), RangeError, bad);
  }
});

Deno.test("universes share one window: the longest profile's default unless days is given", () => {
  const [elite, low] = compareUniverses(parseUniverses("elite,low", DEFAULTS), { days: 28 });
  assert.equal(elite.summary.window.days, 28);
  assert.deepEqual(elite.summary.window, low.summary.window);
  assert.deepEqual([elite.label, low.label], ["elite, seed 42", "low, seed 42"]);
  const [a, b] = compareUniverses(parseUniverses("42,7", DEFAULTS));
  assert.equal(a.summary.window.days, 14);
  assert.deepEqual([a.label, b.label], ["seed 42", "seed 7"]);
  assert.notDeepEqual(a.summary.deploys_per_day, b.summary.deploys_per_day);
});

Deno.test("the comparison draws every universe on the same y scale, with unique ids", () => {
  const universes = compareUniverses(parseUniverses("elite,low", DEFAULTS), { days: 28 });
  const { html, charts } = renderComparison(universes, { document: new JSDOM("").window.document });
  const yTicks = (svg: string) =>
    [...svg.matchAll(/aria-label="y-axis tick label"[^>]*>(.*?)<\/g>/g)][0][1].replace(
      /<[^>]+>/g,
      " ",
    ).trim();
  const [eliteDays, , lowDays] = charts.map((chart) => chart.svg);
  assert.equal(yTicks(eliteDays), yTicks(lowDays));
  const [, eliteRecovery, , lowRecovery] = charts.map((chart) => chart.svg);
  assert.equal(yTicks(eliteRecovery), yTicks(lowRecovery));
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, "no id appears twice on the page");
  assert.ok(!/<script/i.test(html));
  assert.ok(!/(src|href)="(https?|file):/i.test(html));
  assert.match(html, /Elite \(DORA 2023\)/);
});

Deno.test("--compare prints both summaries as JSON, and refuses --input", async () => {
  const out: string[] = [], err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
  assert.equal(await main(["--compare", "42,7", "--json"], io), 0);
  const { compare } = JSON.parse(out.join("\n"));
  assert.deepEqual(compare.map((s: { label: string }) => s.label), ["seed 42", "seed 7"]);
  assert.equal(compare[1].source.seed, 7);
  assert.equal(await main(["--compare", "42,7", "--input", "x.csv"], io), 2);
  assert.match(err.at(-1)!, /--compare/);
});
