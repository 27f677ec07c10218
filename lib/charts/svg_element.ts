/// <reference lib="dom" />
/**
 * Building SVG with the DOM: elements with attributes and text, serialization as XML, and line
 * wrapping by estimated text width (jsdom has no layout engine).
 *
 * @module
 */
import { estimateTextWidth, type TextStyle } from "./theme.ts";
import { visibleText } from "./visible_text.ts";

/** The SVG namespace. */
export const SVG_NS = "http://www.w3.org/2000/svg";

/** What {@link svgElement} creates. */
export interface SvgElementOptions {
  /** The DOM to create the element in. */
  document: Document;
  /** Attributes to set; numbers are written as given. */
  attributes?: Record<string, string | number>;
  /** Text content, set with `textContent` (so it is escaped on serialization). */
  text?: string;
}

/**
 * Creates an SVG element with attributes and text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { svgElement } from "./svg_element.ts";
 * const document = new JSDOM("").window.document;
 * const text = svgElement("text", { document, attributes: { x: 4, "font-size": 12 }, text: "a < b" });
 * assert.equal(text.namespaceURI, "http://www.w3.org/2000/svg");
 * assert.equal(text.outerHTML, '<text x="4" font-size="12">a &lt; b</text>');
 * ```
 */
export function svgElement(
  tag: string,
  { document, attributes = {}, text }: SvgElementOptions,
): Element {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** How {@link wrapText} breaks lines: a text style and the widest line allowed. */
export interface WrapOptions extends TextStyle {
  /** The widest a line may be, in pixels (by estimate). */
  maxWidth: number;
}

/**
 * Splits text into lines no wider than `maxWidth` (by estimate), breaking at spaces. A single
 * word wider than `maxWidth` gets a line of its own.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wrapText } from "./svg_element.ts";
 * assert.deepEqual(wrapText("aaaa bbbb cccc", { maxWidth: 60, fontSize: 10 }), ["aaaa bbbb", "cccc"]);
 * assert.deepEqual(wrapText("aaaa bbbb cccc", { maxWidth: 1000, fontSize: 10 }), ["aaaa bbbb cccc"]);
 * ```
 */
export function wrapText(text: string, { maxWidth, ...style }: WrapOptions): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && estimateTextWidth(candidate, style) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** `NodeFilter.SHOW_TEXT`: jsdom's window has the constant, the global scope does not. */
const SHOW_TEXT = 4;

/**
 * Replaces, in place, every character of the tree's text and attribute values that XML forbids
 * (or that would reorder text) with its visible escape (see `visibleText`).
 */
function makeVisible(root: Element): void {
  const texts = root.ownerDocument.createTreeWalker(root, SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const text = node.nodeValue ?? "";
    const visible = visibleText(text);
    if (visible !== text) node.nodeValue = visible;
  }
  for (const element of [root, ...root.querySelectorAll("*")]) {
    for (const attribute of [...element.attributes]) {
      const visible = visibleText(attribute.value);
      if (visible !== attribute.value) {
        element.setAttributeNS(attribute.namespaceURI, attribute.name, visible);
      }
    }
  }
}

/**
 * Serializes an element as well-formed XML, whatever text it holds: no HTML entities such as
 * `&nbsp;` (which XML lacks), and characters XML forbids (a service called `api\u0001`) made
 * visible as escapes, in the tree itself too.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { serializeSvg, svgElement } from "./svg_element.ts";
 * const document = new JSDOM("").window.document;
 * const text = svgElement("text", { document, attributes: { "aria-label": "x\u0000" }, text: "a\u00a0b\u0001" });
 * assert.equal(
 *   serializeSvg(text, document),
 *   '<text xmlns="http://www.w3.org/2000/svg" aria-label="x\\u0000">a\u00a0b\\u0001</text>',
 * );
 * ```
 */
export function serializeSvg(element: Element, document: Document): string {
  const view = document.defaultView as unknown as {
    XMLSerializer: new () => { serializeToString(node: Node): string };
  } | null;
  if (!view?.XMLSerializer) {
    throw new Error("the document has no XMLSerializer (pass a jsdom document)");
  }
  makeVisible(element);
  return new view.XMLSerializer().serializeToString(element);
}
