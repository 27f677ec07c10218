/**
 * The lead-time chart's DORA level colours stay apart on a greyscale print: their lightness (CIE
 * L*, what a grey rendering keeps) differs by at least 20 between any two levels.
 */
import assert from "node:assert/strict";
import { COLORS, LEVEL_COLORS } from "../../lib/charts/theme.ts";

/** CIE L* (0 black … 100 white) of an sRGB colour `#rrggbb`. */
function lightness(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 216 / 24389 ? 116 * Math.cbrt(luminance) - 16 : luminance * 24389 / 27;
}

/** The smallest lightness gap between any two of the colours. */
function smallestGap(colors: readonly string[]): number {
  const levels = colors.map(lightness).sort((a, b) => a - b);
  return Math.min(...levels.slice(1).map((level, index) => level - levels[index]));
}

Deno.test("lightness is computed right: black 0, white 100, mid grey 53.6", () => {
  assert.equal(lightness("#000000"), 0);
  assert.ok(Math.abs(lightness("#ffffff") - 100) < 1e-9);
  assert.ok(Math.abs(lightness("#808080") - 53.59) < 0.01);
});

Deno.test("the four DORA level colours differ in lightness by at least 20, best level darkest", () => {
  const colors = Object.values(LEVEL_COLORS);
  assert.equal(colors.length, 4);
  assert.ok(smallestGap(colors) >= 20, `smallest gap ${smallestGap(colors).toFixed(1)}`);
  const ordered = ["Elite", "High", "Medium", "Low"].map((level) => lightness(LEVEL_COLORS[level]));
  assert.deepEqual(ordered, [...ordered].sort((a, b) => a - b), "lightness follows the levels");
  // Each bar stands out from the white page, the lightest with its outline.
  assert.ok(lightness(COLORS.background) - Math.max(...ordered) >= 5);
});
