/**
 * The look shared by every chart: a colour-blind-safe palette (Okabe–Ito), single-hue ramps for
 * binned counts, fonts, sizes, and the number and duration formats used in titles and labels.
 *
 * Okabe–Ito is designed to stay distinguishable under the common colour-vision deficiencies, and
 * every pairing that carries meaning here (deploy vs incident, weekday vs weekend, resolved vs
 * still open) also differs in shape, fill or lightness, so it survives greyscale printing too.
 *
 * @module
 */
import { humanDuration } from "../core/duration.ts";

/**
 * The Okabe–Ito palette.
 *
 * @example Deploys are drawn in its blue
 * ```ts
 * import assert from "node:assert/strict";
 * import { COLORS, OKABE_ITO } from "./theme.ts";
 * assert.equal(COLORS.deploy, OKABE_ITO.blue);
 * assert.equal(OKABE_ITO.blue, "#0072B2");
 * ```
 */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

/** What each colour means, so every chart says "deploy" with the same blue. */
export const COLORS = {
  deploy: OKABE_ITO.blue,
  weekendDeploy: OKABE_ITO.orange,
  incident: OKABE_ITO.vermillion,
  openIncident: OKABE_ITO.reddishPurple,
  mean: OKABE_ITO.black,
  median: OKABE_ITO.bluishGreen,
  rollingMean: "#222222",
  zeroMarker: "#555555",
  weekendShade: "#f1f1f1",
  grid: "#e4e4e4",
  text: "#222222",
  mutedText: "#555555",
  background: "#ffffff",
} as const;

/**
 * One colour per DORA level, best first: four steps of viridis, which is colour-blind safe and
 * rises steadily in lightness (CIE L* about 15, 42, 67 and 91), so the levels stay apart on a
 * greyscale print too. Okabe–Ito's green, sky blue, orange and vermillion collapsed into two greys
 * there (L* 58, 70, 71, 54).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LEVEL_COLORS } from "./theme.ts";
 * assert.deepEqual(Object.keys(LEVEL_COLORS), ["Elite", "High", "Medium", "Low"]);
 * ```
 */
export const LEVEL_COLORS: Readonly<Record<string, string>> = {
  Elite: "#440154",
  High: "#31688E",
  Medium: "#35B779",
  Low: "#FDE725",
};

/**
 * Five-step single-hue ramps (light → dark) for binned counts. One hue per meaning keeps the
 * deploy and incident ramps apart for colour-blind readers; lightness carries the count.
 */
export const RAMPS = {
  deploy: ["#d6e6f4", "#a6c8e6", "#6aa3d2", "#2f78b7", "#084a8a"],
  incident: ["#fbe1cf", "#f4b88e", "#e98c52", "#d55e00", "#8a3c00"],
  openIncident: ["#f6e1ec", "#e9bbd3", "#d993b9", "#c36b9d", "#8e3f6c"],
} as const;

/** Sizes in CSS pixels. Every chart is this wide; heights vary per chart. */
export const SIZES = {
  width: 760,
  padding: 14,
  titleFontSize: 16,
  subtitleFontSize: 12.5,
  legendFontSize: 11.5,
  axisFontSize: 11,
  noteFontSize: 10.5,
  lineGap: 5,
  /** Below this many pixels an incident bar would vanish, so bars are widened to it. */
  minimumBarPx: 2,
} as const;

/** The system font stack of every chart: no web font, so a chart renders offline. */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** How a piece of text is set. */
export interface TextStyle {
  /** In CSS pixels. */
  fontSize: number;
  /** Bold text is estimated 10% wider. */
  bold?: boolean;
}

/**
 * An estimate of how wide a string renders, in pixels. There is no layout engine (jsdom), so this
 * errs wide: an overestimate only wastes a little space, an underestimate overlaps text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { estimateTextWidth } from "./theme.ts";
 * const plain = estimateTextWidth("Mw", { fontSize: 10 });
 * assert.equal(plain, 18);
 * assert.ok(Math.abs(estimateTextWidth("Mw", { fontSize: 10, bold: true }) - 19.8) < 1e-9);
 * assert.ok(estimateTextWidth("il", { fontSize: 10 }) < plain);
 * ```
 */
export function estimateTextWidth(text: string, { fontSize, bold = false }: TextStyle): number {
  let units = 0;
  for (const char of text) {
    if ("il.,:;'|!1 ()[]".includes(char)) units += 0.34;
    else if ("mwMW@%".includes(char)) units += 0.9;
    else if (char >= "A" && char <= "Z") units += 0.68;
    else units += 0.58;
  }
  return units * fontSize * (bold ? 1.1 : 1);
}

const integerFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * An integer with thousands separators, in a fixed locale so output never depends on the machine.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatCount } from "./theme.ts";
 * assert.equal(formatCount(1234567), "1,234,567");
 * assert.equal(formatCount(2.5), "3");
 * ```
 */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/**
 * A decimal with at most `digits` fraction digits (trailing zeros dropped), fixed locale.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNumber } from "./theme.ts";
 * assert.equal(formatNumber(1234.5678), "1,234.57");
 * assert.equal(formatNumber(2.5, 0), "3");
 * assert.equal(formatNumber(2.1, 3), "2.1");
 * ```
 */
export function formatNumber(value: number, digits = 2): string {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(value);
}

/**
 * A duration given in minutes, in the unit a reader expects: "45 s", "33.9 min", "2.5 h", "3.1 d".
 * It is `humanDuration` of `lib/core/duration.ts`, so a chart prints a median exactly as the
 * scorecard and the notebook's tables do.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDuration } from "./theme.ts";
 * assert.equal(formatDuration(0.75), "45 s");
 * assert.equal(formatDuration(33.86), "33.9 min");
 * assert.equal(formatDuration(90), "1.5 h");
 * assert.equal(formatDuration(47 * 60), "47 h");
 * assert.equal(formatDuration(3 * 1440), "3 d");
 * ```
 */
export function formatDuration(minutes: number): string {
  return humanDuration(minutes);
}

/** How {@link plural} spells more than one. */
export interface PluralOptions {
  /** The plural form; the singular with an "s" by default. */
  plural?: string;
}

/**
 * A count with its noun: "3 days", "1 day", "1,200 deploys".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plural } from "./theme.ts";
 * assert.equal(plural(1, "day"), "1 day");
 * assert.equal(plural(0, "day"), "0 days");
 * assert.equal(plural(1200, "deploy"), "1,200 deploys");
 * assert.equal(plural(2, "service", { plural: "services" }), "2 services");
 * assert.equal(plural(3, "child", { plural: "children" }), "3 children");
 * ```
 */
export function plural(
  count: number,
  singular: string,
  { plural = `${singular}s` }: PluralOptions = {},
): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * `YYYY-MM-DD` → "Jan 8", or "Jan 8, 2024" with the year. Pure string work: no time zone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDate } from "./theme.ts";
 * assert.equal(formatDate("2024-01-08"), "Jan 8");
 * assert.equal(formatDate("2024-12-31", true), "Dec 31, 2024");
 * ```
 */
export function formatDate(date: string, withYear = false): string {
  const [year, month, day] = date.split("-").map(Number);
  return `${MONTHS[month - 1]} ${day}${withYear ? `, ${year}` : ""}`;
}

/**
 * `YYYY-MM-DD` → "Jan 2024".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatMonth } from "./theme.ts";
 * assert.equal(formatMonth("2024-02-29"), "Feb 2024");
 * ```
 */
export function formatMonth(date: string): string {
  const [year, month] = date.split("-").map(Number);
  return `${MONTHS[month - 1]} ${year}`;
}

/**
 * The zone as axis labels show it: "UTC", or "Europe/Berlin time".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { zoneLabel } from "./theme.ts";
 * assert.equal(zoneLabel("UTC"), "UTC");
 * assert.equal(zoneLabel("Europe/Berlin"), "Europe/Berlin time");
 * ```
 */
export function zoneLabel(timeZone: string): string {
  return timeZone === "UTC" ? "UTC" : `${timeZone} time`;
}
