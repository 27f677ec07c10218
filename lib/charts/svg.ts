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
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { JSDOM } from "jsdom";
 * import { standaloneSvg } from "./svg.ts";
 * const document = new JSDOM("").window.document;
 * const plot = Plot.plot({ document, marks: [Plot.dot([1, 2, 3], { x: (d) => d, clip: true })] });
 * const svg = standaloneSvg(plot, { name: "demo", title: "A <demo>", subtitle: "three dots" }, document);
 * console.assert(svg.startsWith("<svg") && svg.includes("A &lt;demo&gt;") && svg.includes('id="demo-1"'));
 * ```
 * @module
 */
import { COLORS, estimateTextWidth, FONT_FAMILY, SIZES } from "./theme.ts";

const SVG_NS = "http://www.w3.org/2000/svg";

/** What every chart function takes besides its data. */
export interface ChartOptions {
  /** The DOM to draw into, e.g. `new JSDOM("").window.document`; the caller owns jsdom. */
  document: Document;
  /** A y scale shared with other charts, so two universes drawn side by side compare honestly. */
  sharedY?: SharedY;
}

/** The y range a chart needs; merge several with {@link mergeSharedY} to draw them alike. */
export interface SharedY {
  /** The largest value to show. */
  top: number;
  /** The smallest positive value, for log scales. */
  bottom: number;
  log: boolean;
}

/** One y range that fits every chart given. */
export function mergeSharedY(ranges: readonly SharedY[]): SharedY {
  return {
    top: Math.max(...ranges.map((range) => range.top)),
    bottom: Math.min(...ranges.map((range) => range.bottom)),
    log: ranges.some((range) => range.log),
  };
}

/** The small picture in front of a legend label. */
export type Swatch =
  | { kind: "rect"; fill: string; opacity?: number; stroke?: string }
  | { kind: "line"; stroke: string; dash?: string; width?: number }
  | { kind: "dot"; fill: string }
  | { kind: "triangle"; stroke: string; fill?: string; pointing?: "up" | "down" }
  | { kind: "tick"; stroke: string };

/** One legend entry; without a swatch it is a bold heading for the entries after it. */
export interface LegendItem {
  label: string;
  swatch?: Swatch;
}

export interface FigureSpec {
  /** Short chart name: the prefix of every id in the output, e.g. `timeline-1`. */
  name: string;
  title: string;
  /** States the headline number; wrapped onto several lines when long. */
  subtitle: string;
  legend?: readonly LegendItem[];
  /** A footnote under the plot, e.g. how the data were binned. */
  note?: string;
}

/** Creates an SVG element with attributes (numbers are written as given). */
export function svgElement(
  document: Document,
  tag: string,
  attributes: Record<string, string | number> = {},
  text?: string,
): Element {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Splits text into lines no wider than `maxWidth` (by estimate), breaking at spaces. */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && estimateTextWidth(candidate, fontSize, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function textBlock(
  document: Document,
  lines: readonly string[],
  x: number,
  firstBaseline: number,
  fontSize: number,
  attributes: Record<string, string | number>,
): Element {
  const text = svgElement(document, "text", {
    x,
    y: firstBaseline,
    "font-size": fontSize,
    ...attributes,
  });
  if (lines.length === 1) {
    text.textContent = lines[0];
    return text;
  }
  lines.forEach((line, index) => {
    text.appendChild(
      svgElement(document, "tspan", { x, dy: index === 0 ? 0 : fontSize + SIZES.lineGap }, line),
    );
  });
  return text;
}

const SWATCH_WIDTH = 16;

function swatchElement(document: Document, swatch: Swatch, centreY: number): Element {
  const half = SWATCH_WIDTH / 2;
  switch (swatch.kind) {
    case "rect":
      return svgElement(document, "rect", {
        x: 0,
        y: centreY - 5,
        width: SWATCH_WIDTH - 2,
        height: 10,
        fill: swatch.fill,
        ...(swatch.opacity !== undefined ? { "fill-opacity": swatch.opacity } : {}),
        ...(swatch.stroke ? { stroke: swatch.stroke } : {}),
      });
    case "line":
      return svgElement(document, "line", {
        x1: 0,
        x2: SWATCH_WIDTH - 2,
        y1: centreY,
        y2: centreY,
        stroke: swatch.stroke,
        "stroke-width": swatch.width ?? 1.5,
        ...(swatch.dash ? { "stroke-dasharray": swatch.dash } : {}),
      });
    case "dot":
      return svgElement(document, "circle", { cx: half - 1, cy: centreY, r: 4, fill: swatch.fill });
    case "tick":
      return svgElement(document, "line", {
        x1: half - 1,
        x2: half - 1,
        y1: centreY - 6,
        y2: centreY + 6,
        stroke: swatch.stroke,
        "stroke-width": 1.5,
      });
    case "triangle": {
      const down = swatch.pointing === "down";
      const [tip, base] = down ? [centreY + 5, centreY - 4] : [centreY - 5, centreY + 4];
      return svgElement(document, "path", {
        d: `M${half - 1},${tip}L${half + 4},${base}L${half - 6},${base}Z`,
        fill: swatch.fill ?? "none",
        stroke: swatch.stroke,
        "stroke-width": 1.5,
      });
    }
  }
}

/** Lays legend items out left to right, wrapping at `maxWidth`. Returns the group and its height. */
function legendGroup(
  document: Document,
  items: readonly LegendItem[],
  maxWidth: number,
): { group: Element; height: number } {
  const fontSize = SIZES.legendFontSize;
  const rowHeight = fontSize + 9;
  const group = svgElement(document, "g", { "aria-label": "legend", "font-size": fontSize });
  let x = 0;
  let row = 0;
  for (const item of items) {
    const bold = !item.swatch;
    const labelWidth = estimateTextWidth(item.label, fontSize, bold);
    const itemWidth = (item.swatch ? SWATCH_WIDTH + 4 : 0) + labelWidth;
    // A heading starts a new row, so a group of swatches never straddles two rows.
    if (x > 0 && (bold || x + itemWidth > maxWidth)) {
      x = 0;
      row += 1;
    }
    const centreY = row * rowHeight + rowHeight / 2;
    const entry = svgElement(document, "g", { transform: `translate(${x},0)` });
    if (item.swatch) entry.appendChild(swatchElement(document, item.swatch, centreY));
    entry.appendChild(
      svgElement(document, "text", {
        x: item.swatch ? SWATCH_WIDTH + 4 : 0,
        y: centreY,
        dy: "0.35em",
        ...(bold ? { "font-weight": 600 } : {}),
      }, item.label),
    );
    group.appendChild(entry);
    x += itemWidth + (bold ? 10 : 18);
  }
  return { group, height: items.length ? (row + 1) * rowHeight : 0 };
}

const GEOMETRY_ATTRIBUTES = [
  "x",
  "y",
  "x1",
  "x2",
  "y1",
  "y2",
  "cx",
  "cy",
  "r",
  "width",
  "height",
  "d",
  "transform",
  "points",
];
const DECIMAL = /-?\d*\.\d+(?:e[-+]?\d+)?|-?\d+e[-+]?\d+/gi;

function roundNumbers(value: string): string {
  return value.replace(DECIMAL, (match) => {
    const rounded = Math.round(Number(match) * 100) / 100;
    return String(Object.is(rounded, -0) ? 0 : rounded);
  });
}

/**
 * Renames every id under `root` to `<name>-<n>` (document order) and rewrites the references to
 * them, and rounds geometry to 0.01 px.
 */
function normalizeTree(root: Element, name: string): void {
  const elements = [root, ...root.querySelectorAll("*")];
  const renamed = new Map<string, string>();
  for (const element of elements) {
    const id = element.getAttribute("id");
    if (id && !id.startsWith(`${name}-`)) {
      const fresh = `${name}-${renamed.size + 1}`;
      renamed.set(id, fresh);
      element.setAttribute("id", fresh);
    }
  }
  for (const element of elements) {
    for (const attribute of [...element.attributes]) {
      let value = attribute.value;
      if (renamed.size && value.includes("#")) {
        value = value.replace(
          /url\(#([^)]+)\)/g,
          (whole, id) => renamed.has(id) ? `url(#${renamed.get(id)})` : whole,
        );
        if (
          (attribute.localName === "href") && value.startsWith("#") && renamed.has(value.slice(1))
        ) {
          value = `#${renamed.get(value.slice(1))}`;
        }
      }
      if (GEOMETRY_ATTRIBUTES.includes(attribute.localName)) value = roundNumbers(value);
      if (value !== attribute.value) {
        element.setAttributeNS(attribute.namespaceURI, attribute.name, value);
      }
    }
  }
}

/** Serializes an element as XML (no HTML entities such as `&nbsp;`, which XML lacks). */
export function serializeSvg(element: Element, document: Document): string {
  const view = document.defaultView as unknown as {
    XMLSerializer: new () => { serializeToString(node: Node): string };
  } | null;
  if (!view?.XMLSerializer) {
    throw new Error("the document has no XMLSerializer (pass a jsdom document)");
  }
  return new view.XMLSerializer().serializeToString(element);
}

/**
 * Builds the standalone chart: header (title, subtitle, legend), the Plot `<svg>` nested under it,
 * and the note; returns it serialized. `plot` must be an `<svg>` (call Plot without title,
 * subtitle, caption or legend, so it does not wrap itself in an HTML `<figure>`).
 */
export function standaloneSvg(plot: Element, spec: FigureSpec, document: Document): string {
  if (plot.localName !== "svg") {
    throw new Error(
      `expected Plot to return an <svg>, got <${plot.localName}>: draw titles and legends with standaloneSvg`,
    );
  }
  const width = Number(plot.getAttribute("width"));
  const plotHeight = Number(plot.getAttribute("height"));
  const { padding } = SIZES;
  const textWidth = width - 2 * padding;

  const titleLines = wrapText(spec.title, textWidth, SIZES.titleFontSize, true);
  const subtitleLines = wrapText(spec.subtitle, textWidth, SIZES.subtitleFontSize);
  let y = padding + SIZES.titleFontSize;
  const title = textBlock(document, titleLines, padding, y, SIZES.titleFontSize, {
    "font-weight": 700,
    fill: COLORS.text,
  });
  y += (titleLines.length - 1) * (SIZES.titleFontSize + SIZES.lineGap) + SIZES.subtitleFontSize + 8;
  const subtitle = textBlock(document, subtitleLines, padding, y, SIZES.subtitleFontSize, {
    fill: COLORS.mutedText,
  });
  y += (subtitleLines.length - 1) * (SIZES.subtitleFontSize + SIZES.lineGap) + 8;
  const legend = legendGroup(document, spec.legend ?? [], textWidth);
  legend.group.setAttribute("transform", `translate(${padding},${y})`);
  y += legend.height + 4;
  const plotTop = y;
  y += plotHeight;
  const noteLines = spec.note ? wrapText(spec.note, textWidth, SIZES.noteFontSize) : [];
  const note = noteLines.length
    ? textBlock(document, noteLines, padding, y + SIZES.noteFontSize, SIZES.noteFontSize, {
      fill: COLORS.mutedText,
    })
    : null;
  if (noteLines.length) y += noteLines.length * (SIZES.noteFontSize + SIZES.lineGap) + 4;
  const height = Math.ceil(y + padding / 2);

  const root = svgElement(document, "svg", {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-labelledby": `${spec.name}-title ${spec.name}-desc`,
    "font-family": FONT_FAMILY,
    color: COLORS.text,
    "text-anchor": "start",
  });
  root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", SVG_NS);
  root.appendChild(svgElement(document, "title", { id: `${spec.name}-title` }, spec.title));
  root.appendChild(svgElement(document, "desc", { id: `${spec.name}-desc` }, spec.subtitle));
  root.appendChild(svgElement(document, "rect", { width, height, fill: COLORS.background }));
  root.append(title, subtitle, legend.group);

  // Plot's <style> sizes its root with `height: auto`, which would stretch a nested <svg> to the
  // full figure; the nested plot is positioned by attributes alone.
  plot.querySelector(":scope > style")?.remove();
  plot.removeAttribute("class");
  plot.setAttribute("x", "0");
  plot.setAttribute("y", String(plotTop));
  plot.setAttribute("font-family", FONT_FAMILY);
  plot.setAttribute("font-size", String(SIZES.axisFontSize));
  root.appendChild(plot);
  if (note) root.appendChild(note);

  normalizeTree(root, spec.name);
  return serializeSvg(root, document);
}

/**
 * Gives every id in a standalone SVG (and every reference to one) a prefix, so several copies of
 * one chart can share an HTML page without their ids colliding.
 */
export function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id) => `url(#${prefix}${id})`)
    .replace(/\bhref="#([^"]+)"/g, (_, id) => `href="#${prefix}${id}"`)
    .replace(
      /\baria-(labelledby|describedby)="([^"]+)"/g,
      (_, kind, ids: string) =>
        `aria-${kind}="${ids.split(/\s+/).map((id) => prefix + id).join(" ")}"`,
    );
}
