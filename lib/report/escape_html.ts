/**
 * Escaping for HTML text and attribute values, and a tagged template that escapes every
 * interpolated value unless it is already {@link SafeHtml}.
 *
 * One escape serves both contexts: `&`, `<`, `>`, `"` and `'` become entities, which is enough
 * for element text and for attribute values in either kind of quotes. It is not enough for
 * unquoted attributes, URLs, `<script>` or `<style>` content, so the report never puts input
 * strings there.
 *
 * @example
 * ```ts
 * import { escapeHtml, markup } from "./escape_html.ts";
 * console.assert(escapeHtml(`"><svg onload=alert(1)>`) === "&quot;&gt;&lt;svg onload=alert(1)&gt;");
 * const service = "<script>alert(1)</script>";
 * const cell = markup`<td title="${service}">${service}</td>`;
 * console.assert(!cell.toString().includes("<script>"));
 * console.assert(markup`<p>${cell}</p>`.toString().startsWith("<p><td"));
 * ```
 * @module
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes a value for HTML element text or a quoted attribute value. `null`/`undefined` → "". */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** Markup that is already escaped or trusted; {@link markup} inserts it as is. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

/** Marks a trusted string (e.g. our own serialized SVG) as markup. Never pass input through it. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function interpolate(value: unknown): string {
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map(interpolate).join("");
  return escapeHtml(value);
}

/** A template whose interpolations are escaped (arrays are joined, SafeHtml is kept). */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, index) => {
    out += interpolate(value) + strings[index + 1];
  });
  return new SafeHtml(out);
}
