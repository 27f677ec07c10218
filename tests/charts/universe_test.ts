/**
 * Every chart's subtitle names its universe: the seed and the team profile, or the events files by
 * name, never by path (a chart travels in reports and handouts).
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { renderCharts } from "../../lib/charts/render.ts";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { compareViews } from "../../lib/report/comparison.ts";
import { compareUniverses, parseUniverses } from "../../lib/pipeline/universes.ts";

const document = new JSDOM("").window.document;

/** The subtitle as drawn: the text of the chart's `<desc>`. */
function subtitles(svgs: string[]): string[] {
  return svgs.map((svg) => svg.match(/<desc id="[^"]*">([^<]*)<\/desc>/)?.[1] ?? "no desc");
}

Deno.test("synthetic data: every subtitle starts with the seed and the profile", () => {
  for (
    const [source, universe] of [
      [{ kind: "synthetic", seed: 7, days: 14 }, "Seed 7, mixed team — "],
      [{ kind: "synthetic", seed: 3, days: 30, profileName: "elite" }, "Seed 3, elite team — "],
    ] as const
  ) {
    const analysis = analyze(source);
    const charts = renderCharts(analysis, summarize(analysis), { document });
    assert.equal(charts.length, 5);
    for (const [index, subtitle] of subtitles(charts.map((chart) => chart.svg)).entries()) {
      assert.ok(subtitle.startsWith(universe), `${charts[index].id}: ${subtitle}`);
    }
  }
});

Deno.test("an events file: every subtitle names the file, not its folders", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dora-universe-" });
  const file = `${dir}/team <a> events.csv`;
  Deno.writeTextFileSync(
    file,
    "timestamp,type,id,service\n2024-03-04T09:00:00Z,deploy,d1,api\n" +
      "2024-03-04T09:30:00Z,incident_start,i1,api\n2024-03-04T10:15:00Z,incident_resolved,i1,api\n",
  );
  const analysis = analyze({ kind: "file", files: [file] });
  const charts = renderCharts(analysis, summarize(analysis), { document });
  for (const subtitle of subtitles(charts.map((chart) => chart.svg))) {
    assert.ok(subtitle.startsWith("team &lt;a&gt; events.csv — "), subtitle);
    assert.ok(!subtitle.includes(dir), "no absolute path");
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the universe option names it instead, and the comparison names each universe", () => {
  const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
  const charts = renderCharts(analysis, summarize(analysis), {
    document,
    universe: "the class example",
  });
  for (const subtitle of subtitles(charts.map((chart) => chart.svg))) {
    assert.ok(subtitle.startsWith("the class example — "), subtitle);
  }
  const universes = compareUniverses(parseUniverses("42,7", { seed: 42, profile: "mixed" }), {
    days: 14,
  });
  const drawn = subtitles(compareViews(universes, { document }).charts.map((chart) => chart.svg));
  assert.deepEqual(drawn.map((subtitle) => subtitle.split(" — ")[0]), [
    "Seed 42, mixed team",
    "Seed 42, mixed team",
    "Seed 7, mixed team",
    "Seed 7, mixed team",
  ]);
});

Deno.test("a scenario's knobs are in the subtitle, so a shocked universe never passes for its base", () => {
  const universes = compareUniverses(
    parseUniverses("42,42:shock", { seed: 42, profile: "mixed" }),
    { days: 14 },
  );
  const drawn = subtitles(compareViews(universes, { document }).charts.map((chart) => chart.svg));
  assert.deepEqual(drawn.map((subtitle) => subtitle.split(" — ")[0]), [
    "Seed 42, mixed team",
    "Seed 42, mixed team",
    "Seed 42, mixed team, shock@8",
    "Seed 42, mixed team, shock@8",
  ]);
});
