/// <reference lib="dom" />
/**
 * Stable ids in chart SVGs. Plot numbers clip paths with a module-wide counter, so the same chart
 * would differ depending on how many charts were drawn before it, and two charts inlined in one
 * HTML page could collide. {@link normalizeTree} renames every id to `<name>-<n>` in document order
 * (and rounds geometry to 0.01 px); {@link prefixIds} gives copies of a chart distinct ids.
 *
 * @module
 */

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
 * The fresh id of every element (in document order) whose id {@link normalizeTree} renames, and
 * the old → new map that references follow.
 */
export function freshIds(
  elements: readonly Element[],
  name: string,
): { fresh: Map<Element, string>; renamed: Map<string, string> } {
  const fresh = new Map<Element, string>();
  const renamed = new Map<string, string>();
  for (const element of elements) {
    const id = element.getAttribute("id");
    if (id && !id.startsWith(`${name}-`)) {
      const next = `${name}-${renamed.size + 1}`;
      renamed.set(id, next);
      fresh.set(element, next);
    }
  }
  return { fresh, renamed };
}

/** An attribute's value with references to renamed ids followed and geometry rounded. */
export function normalizedValue(
  localName: string,
  value: string,
  renamed: ReadonlyMap<string, string>,
): string {
  if (renamed.size && value.includes("#")) {
    value = value.replace(
      /url\(#([^)]+)\)/g,
      (whole, id) => renamed.has(id) ? `url(#${renamed.get(id)})` : whole,
    );
    if (localName === "href" && value.startsWith("#") && renamed.has(value.slice(1))) {
      value = `#${renamed.get(value.slice(1))}`;
    }
  }
  return GEOMETRY_ATTRIBUTES.includes(localName) ? roundNumbers(value) : value;
}

/**
 * Renames every id under `root` to `<name>-<n>` (document order) and rewrites the references to
 * them, and rounds geometry to 0.01 px.
 */
export function normalizeTree(root: Element, name: string): void {
  const elements = [root, ...root.querySelectorAll("*")];
  const { fresh, renamed } = freshIds(elements, name);
  for (const [element, id] of fresh) element.setAttribute("id", id);
  for (const element of elements) {
    for (const attribute of [...element.attributes]) {
      const value = normalizedValue(attribute.localName, attribute.value, renamed);
      if (value !== attribute.value) {
        element.setAttributeNS(attribute.namespaceURI, attribute.name, value);
      }
    }
  }
}

/**
 * Gives every id in a standalone SVG (and every reference to one) a prefix, so several copies of
 * one chart can share an HTML page without their ids colliding.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prefixIds } from "./svg_ids.ts";
 * const svg = '<svg aria-labelledby="c-title c-desc"><clipPath id="c-1"/><g clip-path="url(#c-1)"/></svg>';
 * assert.equal(
 *   prefixIds(svg, "a_"),
 *   '<svg aria-labelledby="a_c-title a_c-desc"><clipPath id="a_c-1"/><g clip-path="url(#a_c-1)"/></svg>',
 * );
 * ```
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
