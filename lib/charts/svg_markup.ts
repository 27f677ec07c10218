/// <reference lib="dom" />
/**
 * A chart's DOM tree to its standalone SVG text in one walk: ids renamed and geometry rounded (as
 * `normalizeTree` does), unsafe characters made visible (as `serializeSvg` does), and the XML
 * written as jsdom's `XMLSerializer` writes it, leaving the tree as it is. jsdom's serializer
 * handles any namespace and wraps every attribute in an object, and the two passes before it
 * query and rewrite the tree through the DOM; together they were most of a chart's drawing time.
 *
 * Trees outside what the charts build (elements outside the SVG namespace, namespaced
 * attributes, comments) go the long way, which rewrites the tree as those passes do; the bytes
 * never depend on which path ran.
 *
 * @module
 */
import { serializeSvg, SVG_NS } from "./svg_element.ts";
import { freshIds, normalizedValue, normalizeTree } from "./svg_ids.ts";
import { visibleText } from "./visible_text.ts";

const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  '"': "&quot;",
  "<": "&lt;",
  ">": "&gt;",
  "\t": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;",
};
const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Every element under `root` (itself first) in document order, or null if the walk can't write it. */
function svgElements(root: Element): Element[] | null {
  const rootNamespace = root.getAttributeNodeNS(XMLNS_NS, "xmlns");
  if (root.namespaceURI !== SVG_NS || root.prefix !== null || rootNamespace?.value !== SVG_NS) {
    return null;
  }
  const elements: Element[] = [];
  const visit = (element: Element): boolean => {
    if (element.namespaceURI !== SVG_NS || element.prefix !== null) return false;
    for (const name of element.getAttributeNames()) {
      if (name.includes(":") || (name === "xmlns" && element !== root)) return false;
    }
    elements.push(element);
    for (let child: ChildNode | null = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === ELEMENT_NODE) {
        if (!visit(child as Element)) return false;
      } else if (child.nodeType !== TEXT_NODE) {
        return false;
      }
    }
    return true;
  };
  return visit(root) ? elements : null;
}

/**
 * The standalone SVG of a chart's tree: what `normalizeTree(root, name)` followed by
 * `serializeSvg(root, document)` returns, byte for byte; the tree is left untouched unless it
 * holds something the charts never build, which takes those two passes.
 *
 * @example Ids renamed, references followed, geometry rounded, text escaped
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { svgMarkup } from "./svg_markup.ts";
 * const document = new JSDOM("").window.document;
 * const ns = "http://www.w3.org/2000/svg";
 * const root = document.createElementNS(ns, "svg");
 * root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", ns);
 * const clip = root.appendChild(document.createElementNS(ns, "clipPath"));
 * clip.setAttribute("id", "plot-clip-3");
 * const text = root.appendChild(document.createElementNS(ns, "text"));
 * text.setAttribute("clip-path", "url(#plot-clip-3)");
 * text.setAttribute("x", "1.23456");
 * text.textContent = "a < b\u0001";
 * assert.equal(
 *   svgMarkup(root, "demo", document),
 *   '<svg xmlns="http://www.w3.org/2000/svg"><clipPath id="demo-1"/>' +
 *     '<text clip-path="url(#demo-1)" x="1.23">a &lt; b\\u0001</text></svg>',
 * );
 * ```
 */
export function svgMarkup(root: Element, name: string, document: Document): string {
  const elements = svgElements(root);
  if (!elements) {
    normalizeTree(root, name);
    return serializeSvg(root, document);
  }
  const { fresh, renamed } = freshIds(elements, name);
  const parts: string[] = [];
  const write = (element: Element) => {
    parts.push("<", element.localName);
    for (const attribute of element.getAttributeNames()) {
      const given = attribute === "id" && fresh.has(element)
        ? fresh.get(element)!
        : element.getAttribute(attribute)!;
      const value = visibleText(normalizedValue(attribute, given, renamed));
      parts.push(
        " ",
        attribute,
        '="',
        value.replace(/[&"<>\t\n\r]/g, (character) => ATTRIBUTE_ESCAPES[character]),
        '"',
      );
    }
    if (!element.firstChild) {
      parts.push("/>");
      return;
    }
    parts.push(">");
    for (let child: ChildNode | null = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === ELEMENT_NODE) {
        write(child as Element);
      } else {
        const text = visibleText((child as Text).data);
        parts.push(text.replace(/[&<>]/g, (character) => TEXT_ESCAPES[character]));
      }
    }
    parts.push("</", element.localName, ">");
  };
  write(root);
  return parts.join("");
}
