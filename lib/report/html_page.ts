/**
 * The page around every report: a self-contained HTML document with the report's print-ready
 * style. Self-contained means no `<script>` and no external URL, and fonts from the system, so a
 * page works offline and can be mailed as one file. It prints on A4 and Letter: the content is at
 * most 180 mm wide (both papers' printable width with 15 mm margins), figures never split across
 * pages, SVGs shrink to the column, and long tables repeat their header row on each page.
 *
 * @module
 */
import { markup, type SafeHtml, trustedHtml } from "./escape_html.ts";

const STYLE = `
@page { margin: 15mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 8mm 4mm 12mm; max-width: 180mm; color: #222; background: #fff;
  font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 8mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
.lead, .note { color: #555; }
table { width: 100%; border-collapse: collapse; margin: 0 0 4mm; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 1mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 1mm 2mm; border-bottom: 0.3mm solid #ddd; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
td.text { overflow-wrap: anywhere; min-width: 22mm; }
th { border-bottom-color: #999; font-weight: 600; }
.num { text-align: right; }
td.num { white-space: nowrap; }
table.wide { font-size: 9pt; }
figure { margin: 0 0 6mm; break-inside: avoid; page-break-inside: avoid; }
figure > svg { display: block; max-width: 100%; height: auto; }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt; }
  h2 { margin-top: 6mm; }
}
`.trim();

/** What {@link htmlPage} adds to the report's style. */
export interface PageOptions {
  /** CSS appended to the report's style (trusted: never build it from input). */
  extraStyle?: string;
}

/**
 * A whole self-contained page around `body`, with the report's print-ready style.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markup } from "./escape_html.ts";
 * import { htmlPage } from "./html_page.ts";
 * const page = htmlPage("A <title>", markup`<p>${"x"}</p>`, { extraStyle: "p { color: red; }" });
 * assert.ok(page.startsWith('<!DOCTYPE html>\n<html lang="en">'));
 * assert.ok(page.includes("<title>A &lt;title&gt;</title>"));
 * assert.match(page, /<style>[^<]*p \{ color: red; \}<\/style>/);
 * assert.ok(page.includes("<body>\n<p>x</p>\n</body>"));
 * ```
 */
export function htmlPage(
  title: string,
  body: SafeHtml,
  { extraStyle = "" }: PageOptions = {},
): string {
  return markup`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trustedHtml(STYLE + extraStyle)}</style>
</head>
<body>
${body}
</body>
</html>
`.html;
}
