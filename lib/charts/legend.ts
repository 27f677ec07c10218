/// <reference lib="dom" />
/**
 * Chart legends drawn as SVG: a swatch (rect, line, dot, triangle or tick) and a label per entry,
 * laid out left to right and wrapped into rows. Plot's own ordinal legends are HTML, which a
 * standalone `.svg` file cannot hold.
 *
 * @module
 */
import { svgElement } from "./svg_element.ts";
import { estimateTextWidth, SIZES } from "./theme.ts";

/** The small picture in front of a legend label. */
export type Swatch =
  | { kind: "rect"; fill: string; opacity?: number; stroke?: string }
  | { kind: "line"; stroke: string; dash?: string; width?: number }
  | { kind: "dot"; fill: string }
  | { kind: "triangle"; stroke: string; fill?: string; pointing?: "up" | "down" }
  | { kind: "tick"; stroke: string };

/** One legend entry; without a swatch it is a bold heading for the entries after it. */
export interface LegendItem {
  /** The text after the swatch. */
  label: string;
  /** The picture in front of the label; none for a heading. */
  swatch?: Swatch;
}

const SWATCH_WIDTH = 16;

function swatchElement(
  swatch: Swatch,
  { document, centreY }: { document: Document; centreY: number },
): Element {
  const half = SWATCH_WIDTH / 2;
  const element = (tag: string, attributes: Record<string, string | number>) =>
    svgElement(tag, { document, attributes });
  switch (swatch.kind) {
    case "rect":
      return element("rect", {
        x: 0,
        y: centreY - 5,
        width: SWATCH_WIDTH - 2,
        height: 10,
        fill: swatch.fill,
        ...(swatch.opacity !== undefined ? { "fill-opacity": swatch.opacity } : {}),
        ...(swatch.stroke ? { stroke: swatch.stroke } : {}),
      });
    case "line":
      return element("line", {
        x1: 0,
        x2: SWATCH_WIDTH - 2,
        y1: centreY,
        y2: centreY,
        stroke: swatch.stroke,
        "stroke-width": swatch.width ?? 1.5,
        ...(swatch.dash ? { "stroke-dasharray": swatch.dash } : {}),
      });
    case "dot":
      return element("circle", { cx: half - 1, cy: centreY, r: 4, fill: swatch.fill });
    case "tick":
      return element("line", {
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
      return element("path", {
        d: `M${half - 1},${tip}L${half + 4},${base}L${half - 6},${base}Z`,
        fill: swatch.fill ?? "none",
        stroke: swatch.stroke,
        "stroke-width": 1.5,
      });
    }
  }
}

/** Lays legend items out left to right, wrapping at `maxWidth`. Returns the group and its height. */
export function legendGroup(
  items: readonly LegendItem[],
  { document, maxWidth }: { document: Document; maxWidth: number },
): { group: Element; height: number } {
  const fontSize = SIZES.legendFontSize;
  const rowHeight = fontSize + 9;
  const group = svgElement("g", {
    document,
    attributes: { "aria-label": "legend", "font-size": fontSize },
  });
  let x = 0;
  let row = 0;
  for (const item of items) {
    const bold = !item.swatch;
    const labelWidth = estimateTextWidth(item.label, { fontSize, bold });
    const itemWidth = (item.swatch ? SWATCH_WIDTH + 4 : 0) + labelWidth;
    // A heading starts a new row, so a group of swatches never straddles two rows.
    if (x > 0 && (bold || x + itemWidth > maxWidth)) {
      x = 0;
      row += 1;
    }
    const centreY = row * rowHeight + rowHeight / 2;
    const entry = svgElement("g", { document, attributes: { transform: `translate(${x},0)` } });
    if (item.swatch) entry.appendChild(swatchElement(item.swatch, { document, centreY }));
    entry.appendChild(
      svgElement("text", {
        document,
        attributes: {
          x: item.swatch ? SWATCH_WIDTH + 4 : 0,
          y: centreY,
          dy: "0.35em",
          ...(bold ? { "font-weight": 600 } : {}),
        },
        text: item.label,
      }),
    );
    group.appendChild(entry);
    x += itemWidth + (bold ? 10 : 18);
  }
  return { group, height: items.length ? (row + 1) * rowHeight : 0 };
}
