/// <reference lib="dom" />
/**
 * Turns an Observable Plot result into one standalone SVG document: a title and subtitle as SVG
 * `<text>`, a legend drawn as SVG swatches, the Plot `<svg>` nested below, and an optional note.
 *
 * Why draw the header and legend ourselves: Plot puts titles and ordinal legends in an HTML
 * `<figure>`, which a standalone `.svg` file cannot hold, and its ramp legends need a canvas that
 * jsdom lacks. Why rename ids: Plot numbers clip paths with a module-wide counter, so the same chart
 * would differ depending on how many charts were drawn before it, and two charts inlined in one
 * HTML page could collide. Every id becomes `<name>-<n>` in document order, and every `url(#…)`
 * and `href="#…"` follows. Coordinates are rounded to 0.01 px, which keeps files small and stable.
 *
 * Text goes into the DOM with `textContent` and out through `XMLSerializer`, so any input string
 * (a service called `<script>`) is escaped by the serializer, never pasted into markup.
 *
 * @module
 */
import { legendGroup, type LegendItem } from "./legend.ts";
import { SVG_NS, svgElement, wrapText } from "./svg_element.ts";
import { svgMarkup } from "./svg_markup.ts";
import { COLORS, FONT_FAMILY, SIZES } from "./theme.ts";

/** What every chart function takes besides its data. */
export interface ChartOptions {
  /** The DOM to draw into, e.g. `new JSDOM("").window.document`; the caller owns jsdom. */
  document: Document;
  /** A y scale shared with other charts, so two universes drawn side by side compare honestly. */
  sharedY?: SharedY;
  /**
   * Whose events the chart shows, e.g. "Seed 7, mixed team" or "events.csv"; it starts the
   * subtitle, so a chart never leaves its universe to be guessed. Default: the data's own (see
   * `universeLabel`).
   */
  universe?: string;
}

/** The y range a chart needs; merge several with {@link mergeSharedY} to draw them alike. */
export interface SharedY {
  /** The largest value to show. */
  top: number;
  /** The smallest positive value, for log scales. */
  bottom: number;
  /** Whether the axis is logarithmic. */
  log: boolean;
}

/**
 * One y range that fits every chart given.
 *
 * @example Two ranges merged
 * ```ts
 * import assert from "node:assert/strict";
 * import { mergeSharedY } from "./svg.ts";
 * const merged = mergeSharedY([
 *   { top: 10, bottom: 2, log: false },
 *   { top: 4, bottom: 0.5, log: true },
 * ]);
 * assert.deepEqual(merged, { top: 10, bottom: 0.5, log: true });
 * ```
 */
export function mergeSharedY(ranges: readonly SharedY[]): SharedY {
  return {
    top: Math.max(...ranges.map((range) => range.top)),
    bottom: Math.min(...ranges.map((range) => range.bottom)),
    log: ranges.some((range) => range.log),
  };
}

/** What {@link standaloneSvg} draws around a plot. */
export interface FigureSpec {
  /** Short chart name: the prefix of every id in the output, e.g. `timeline-1`. */
  name: string;
  /** The headline, bold; wrapped onto several lines when long. */
  title: string;
  /** States the headline number; wrapped onto several lines when long. */
  subtitle: string;
  /** Whose events these are; the subtitle starts with it ("Seed 7, mixed team — …"). */
  universe?: string;
  /** Legend entries under the subtitle, in order. */
  legend?: readonly LegendItem[];
  /** A footnote under the plot, e.g. how the data were binned. */
  note?: string;
}

/** A {@link FigureSpec} and the DOM to draw it in. */
export interface FigureOptions extends FigureSpec {
  /** The DOM the plot was drawn in. */
  document: Document;
}

/** Where and how {@link textBlock} sets its lines. */
interface TextBlockOptions {
  document: Document;
  x: number;
  /** The baseline of the first line; the next lines follow a font size plus a gap below. */
  firstBaseline: number;
  fontSize: number;
  /** More attributes of the `<text>` element, e.g. its fill. */
  attributes: Record<string, string | number>;
}

function textBlock(
  lines: readonly string[],
  { document, x, firstBaseline, fontSize, attributes }: TextBlockOptions,
): Element {
  const text = svgElement("text", {
    document,
    attributes: { x, y: firstBaseline, "font-size": fontSize, ...attributes },
  });
  if (lines.length === 1) {
    text.textContent = lines[0];
    return text;
  }
  lines.forEach((line, index) => {
    text.appendChild(
      svgElement("tspan", {
        document,
        attributes: { x, dy: index === 0 ? 0 : fontSize + SIZES.lineGap },
        text: line,
      }),
    );
  });
  return text;
}

/**
 * Builds the standalone chart: header (title, subtitle, legend), the Plot `<svg>` nested under it,
 * and the note; returns it serialized. `plot` must be an `<svg>` (call Plot without title,
 * subtitle, caption or legend, so it does not wrap itself in an HTML `<figure>`).
 *
 * @example A plot with a header, its text escaped and its ids renamed
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { JSDOM } from "jsdom";
 * import { standaloneSvg } from "./svg.ts";
 * const document = new JSDOM("").window.document;
 * const plot = Plot.plot({ document, marks: [Plot.dot([1, 2, 3], { x: (d) => d, clip: true })] });
 * const svg = standaloneSvg(plot, { document, name: "demo", title: "A <demo>", subtitle: "three dots" });
 * assert.ok(svg.startsWith('<svg width="640"'));
 * assert.ok(svg.includes('<title id="demo-title">A &lt;demo&gt;</title>'));
 * assert.ok(svg.includes('<clipPath id="demo-1">') && svg.includes('clip-path="url(#demo-1)"'));
 * ```
 */
export function standaloneSvg(plot: Element, spec: FigureOptions): string {
  const { document } = spec;
  if (plot.localName !== "svg") {
    throw new Error(
      `expected Plot to return an <svg>, got <${plot.localName}>: draw titles and legends with standaloneSvg`,
    );
  }
  const width = Number(plot.getAttribute("width"));
  const plotHeight = Number(plot.getAttribute("height"));
  const { padding } = SIZES;
  const textWidth = width - 2 * padding;

  const titleLines = wrapText(spec.title, {
    maxWidth: textWidth,
    fontSize: SIZES.titleFontSize,
    bold: true,
  });
  const subtitleText = spec.universe ? `${spec.universe} — ${spec.subtitle}` : spec.subtitle;
  const subtitleLines = wrapText(subtitleText, {
    maxWidth: textWidth,
    fontSize: SIZES.subtitleFontSize,
  });
  let y = padding + SIZES.titleFontSize;
  const title = textBlock(titleLines, {
    document,
    x: padding,
    firstBaseline: y,
    fontSize: SIZES.titleFontSize,
    attributes: { "font-weight": 700, fill: COLORS.text },
  });
  y += (titleLines.length - 1) * (SIZES.titleFontSize + SIZES.lineGap) + SIZES.subtitleFontSize + 8;
  const subtitle = textBlock(subtitleLines, {
    document,
    x: padding,
    firstBaseline: y,
    fontSize: SIZES.subtitleFontSize,
    attributes: { fill: COLORS.mutedText },
  });
  y += (subtitleLines.length - 1) * (SIZES.subtitleFontSize + SIZES.lineGap) + 8;
  const legend = legendGroup(spec.legend ?? [], { document, maxWidth: textWidth });
  legend.group.setAttribute("transform", `translate(${padding},${y})`);
  y += legend.height + 4;
  const plotTop = y;
  y += plotHeight;
  const noteLines = spec.note
    ? wrapText(spec.note, { maxWidth: textWidth, fontSize: SIZES.noteFontSize })
    : [];
  const note = noteLines.length
    ? textBlock(noteLines, {
      document,
      x: padding,
      firstBaseline: y + SIZES.noteFontSize,
      fontSize: SIZES.noteFontSize,
      attributes: { fill: COLORS.mutedText },
    })
    : null;
  if (noteLines.length) y += noteLines.length * (SIZES.noteFontSize + SIZES.lineGap) + 4;
  const height = Math.ceil(y + padding / 2);

  const root = svgElement("svg", {
    document,
    attributes: {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-labelledby": `${spec.name}-title ${spec.name}-desc`,
      "font-family": FONT_FAMILY,
      color: COLORS.text,
      "text-anchor": "start",
    },
  });
  root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", SVG_NS);
  root.appendChild(
    svgElement("title", { document, attributes: { id: `${spec.name}-title` }, text: spec.title }),
  );
  root.appendChild(
    svgElement("desc", { document, attributes: { id: `${spec.name}-desc` }, text: subtitleText }),
  );
  root.appendChild(
    svgElement("rect", { document, attributes: { width, height, fill: COLORS.background } }),
  );
  root.append(title, subtitle, legend.group);

  // Plot's <style> sizes its root with `height: auto`, which would stretch a nested <svg> to the
  // full figure; the nested plot is positioned by attributes alone.
  // A loop, not querySelector(":scope > style"): jsdom compiles a selector on first use.
  [...plot.children].find((child) => child.localName === "style")?.remove();
  plot.removeAttribute("class");
  plot.setAttribute("x", "0");
  plot.setAttribute("y", String(plotTop));
  plot.setAttribute("font-family", FONT_FAMILY);
  plot.setAttribute("font-size", String(SIZES.axisFontSize));
  root.appendChild(plot);
  if (note) root.appendChild(note);

  return svgMarkup(root, spec.name, document);
}
