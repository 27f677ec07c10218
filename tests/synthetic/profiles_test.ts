import assert from "node:assert/strict";
import { profileLanding, RATED_METRICS } from "../../bin/profiles.ts";
import { PROFILES } from "../../lib/synthetic/profiles.ts";
import { generateEvents } from "../../lib/synthetic/generator.ts";

Deno.test("each profile lands in its DORA level most of the time (25 seeds each)", () => {
  for (const landing of profileLanding({ seeds: 25 })) {
    for (const metric of RATED_METRICS) {
      assert.ok(
        landing.shares[metric] >= 0.6,
        `${landing.profile} ${metric}: ${landing.shares[metric]}`,
      );
    }
    assert.ok(landing.shares.all > 0.5, `${landing.profile} all four: ${landing.shares.all}`);
  }
});

Deno.test("profiles order the universe: elite deploys most, low least", () => {
  const deploysPerDay = (name: keyof typeof PROFILES) => {
    const events = generateEvents({ seed: 1, days: 365, profile: PROFILES[name] });
    return events.filter((e) => e.type === "deploy").length / 365;
  };
  const rates = (["elite", "high", "medium", "low"] as const).map(deploysPerDay);
  assert.deepEqual([...rates].sort((a, b) => b - a), rates);
});
