/**
 * Input text shown safely: characters that would break a page or hide what a name says are
 * replaced by a visible escape, the same one in every output (SVG, HTML and the terminal).
 *
 * XML 1.0 forbids most C0 controls (U+0000, U+0001, U+000B, U+001B, …), the noncharacters U+FFFE
 * and U+FFFF, and unpaired surrogates: one of them in a service name makes a standalone SVG
 * ill-formed, and a browser then draws nothing. HTML calls the same characters, DEL, the C1
 * controls and every noncharacter parse errors. Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and
 * its kin) are allowed everywhere, but they reorder the text after them, so a name could read as
 * another. Each such character becomes `\uXXXX` (or `\u{XXXXX}` above U+FFFF), so two names that
 * differ only in an invisible character still look different. Tab, line feed and carriage return
 * stay in markup, where they are whitespace; the terminal escapes them too (see {@link
 * printableText}).
 *
 * @module
 */

/** C0 controls but tab, LF and CR; DEL and C1; bidi controls; unpaired surrogates; noncharacters. */
const UNSAFE_IN_MARKUP =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\p{Noncharacter_Code_Point}]/gu;

/** Everything {@link UNSAFE_IN_MARKUP} holds, and the line breaks that would split a terminal line. */
const UNSAFE_IN_TERMINAL =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\p{Noncharacter_Code_Point}]/gu;

/**
 * The escape a character is shown as: `\u001b`, or `\u{1fffe}` above U+FFFF.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapedCharacter } from "./visible_text.ts";
 * assert.equal(escapedCharacter("\u001b"), "\\u001b");
 * assert.equal(escapedCharacter("\u{1fffe}"), "\\u{1fffe}");
 * ```
 */
export function escapedCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const hex = code.toString(16);
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
}

/**
 * Text for an SVG or HTML page: every character that is not allowed in XML or HTML, and every
 * bidi control, replaced by its escape; everything else, markup characters included, as it is
 * (escaping `<` and `&` is the serializer's or `escapeHtml`'s job).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { visibleText } from "./visible_text.ts";
 * assert.equal(visibleText("api\u0000\u001b[31m"), "api\\u0000\\u001b[31m");
 * assert.equal(visibleText("lone \ud800, pair \ud83d\ude00"), "lone \\ud800, pair \ud83d\ude00");
 * assert.equal(visibleText("evil\u202egnp.exe"), "evil\\u202egnp.exe");
 * assert.equal(visibleText("\ufffe\ufdd0"), "\\ufffe\\ufdd0");
 * assert.equal(visibleText("tab\tand <b> stay"), "tab\tand <b> stay");
 * ```
 */
export function visibleText(text: string): string {
  return text.replace(UNSAFE_IN_MARKUP, escapedCharacter);
}

/**
 * Text for a terminal: what {@link visibleText} escapes, and also tab, line breaks and the other
 * controls that would move the cursor or split the line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { printableText } from "./visible_text.ts";
 * assert.equal(printableText("a\tb\nc\u2028\u202e"), "a\\u0009b\\u000ac\\u2028\\u202e");
 * assert.equal(printableText("api-1 ✓ 😀"), "api-1 ✓ 😀");
 * ```
 */
export function printableText(text: string): string {
  return text.replace(UNSAFE_IN_TERMINAL, escapedCharacter);
}
