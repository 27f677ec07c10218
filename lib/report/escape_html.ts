/**
 * Escaping for HTML text and attribute values, and a tagged template that escapes every
 * interpolated value unless it is already {@link SafeHtml}.
 *
 * One escape serves both contexts: `&`, `<`, `>`, `"` and `'` become entities, which is enough
 * for element text and for attribute values in either kind of quotes. It is not enough for
 * unquoted attributes, URLs, `<script>` or `<style>` content, so the report never puts input
 * strings there. Characters HTML and XML forbid (U+0000, U+001B, U+FFFE, unpaired surrogates, …)
 * and bidi controls become visible escapes such as `\u001b`, as in the charts and the terminal.
 *
 * @module
 */
import { visibleText } from "../charts/visible_text.ts";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes a value for HTML element text or a quoted attribute value. `null`/`undefined` → "".
 * Characters a page must not hold are shown as escapes (see `visibleText`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml } from "./escape_html.ts";
 * assert.equal(escapeHtml(`"><svg onload=alert(1)>`), "&quot;&gt;&lt;svg onload=alert(1)&gt;");
 * assert.equal(escapeHtml("it's & <b>"), "it&#39;s &amp; &lt;b&gt;");
 * assert.equal(escapeHtml(null), "");
 * assert.equal(escapeHtml(42), "42");
 * assert.equal(escapeHtml("api\u0000\u202e"), "api\\u0000\\u202e");
 * ```
 */
export function escapeHtml(value: unknown): string {
  return visibleText(String(value ?? "")).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** Markup that is already escaped or trusted; {@link markup} inserts it as is. */
export class SafeHtml {
  /** Wraps markup; use {@link markup} or {@link trustedHtml} rather than calling this. */
  constructor(readonly html: string) {}
  /** The markup, so a `SafeHtml` reads as its HTML wherever a string is expected. */
  toString(): string {
    return this.html;
  }
}

/**
 * Marks a trusted string (e.g. our own serialized SVG) as markup. Never pass input through it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markup, trustedHtml } from "./escape_html.ts";
 * assert.equal(markup`<p>${trustedHtml("<b>bold</b>")}</p>`.html, "<p><b>bold</b></p>");
 * ```
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function interpolate(value: unknown): string {
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map(interpolate).join("");
  return escapeHtml(value);
}

/**
 * A template whose interpolations are escaped (arrays are joined, SafeHtml is kept).
 *
 * @example A hostile service name in an attribute and in text, then nested
 * ```ts
 * import assert from "node:assert/strict";
 * import { markup } from "./escape_html.ts";
 * const service = "<script>alert(1)</script>";
 * const cell = markup`<td title="${service}">${service}</td>`;
 * assert.equal(
 *   cell.html,
 *   '<td title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>',
 * );
 * assert.equal(markup`<tr>${[cell, cell]}</tr>`.html, `<tr>${cell.html}${cell.html}</tr>`);
 * ```
 */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, index) => {
    out += interpolate(value) + strings[index + 1];
  });
  return new SafeHtml(out);
}
