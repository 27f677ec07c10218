/**
 * Where each record of a JSON document starts: the line of every element of the top-level array,
 * or of the arrays under a top-level object's keys (`{"workflow_runs": [...]}`). JSON.parse keeps
 * no positions, so a rejected record could otherwise not name its line.
 *
 * The scan is iterative, so deeply nested documents cost time, not stack. It assumes the text has
 * already parsed as JSON.
 *
 * @module
 */

/** Where the records of a JSON document start, by line. */
export interface ElementLines {
  /** The line of the document's first character. */
  start: number;
  /** The start line of each element of a top-level array (empty for other documents). */
  top: number[];
  /** For a top-level object: the start line of each element of each array-valued key. */
  byKey: Map<string, number[]>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const ARRAY = 0;
const OBJECT = 1;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === NEWLINE;
}

/**
 * The start lines of the records of a JSON document (see the module doc).
 *
 * @example A top-level array, and the array under a key of a top-level object
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonElementLines } from "./json_lines.ts";
 *
 * assert.deepEqual(jsonElementLines('[\n  {"a": 1},\n  {"a": "]"}, {"a": 3}\n]').top, [2, 3, 3]);
 * const runs = jsonElementLines('{"total_count": 2,\n "workflow_runs": [\n  {"id": 1},\n  {"id": 2}]}');
 * assert.deepEqual(runs.top, []);
 * assert.deepEqual(runs.byKey.get("workflow_runs"), [3, 4]);
 * ```
 */
export function jsonElementLines(text: string): ElementLines {
  const result: ElementLines = { start: 0, top: [], byKey: new Map() };
  const containers: number[] = [];
  let line = 1;
  let inString = false;
  let keyStart = -1;
  let keyEnd = -1;
  let currentKey: string | null = null;
  let elements: number[] | null = null; // the list the next element start goes to
  let expectElement = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) {
        inString = false;
        keyEnd = index;
      }
      continue;
    }
    if (code === NEWLINE) line++;
    if (isWhitespace(code)) continue;
    if (result.start === 0) result.start = line;
    if (expectElement && code !== CLOSE_ARRAY) elements!.push(line);
    expectElement = false;
    const depth = containers.length;
    switch (code) {
      case QUOTE:
        inString = true;
        keyStart = index;
        break;
      case OPEN_ARRAY:
        containers.push(ARRAY);
        if (depth === 0) elements = result.top;
        else if (depth === 1 && containers[0] === OBJECT && currentKey !== null) {
          elements = [];
          result.byKey.set(currentKey, elements);
        } else break;
        expectElement = true;
        break;
      case OPEN_OBJECT:
        containers.push(OBJECT);
        break;
      case CLOSE_ARRAY:
      case CLOSE_OBJECT:
        containers.pop();
        break;
      case COMMA:
        expectElement = (depth === 1 && containers[0] === ARRAY) ||
          (depth === 2 && containers[0] === OBJECT && containers[1] === ARRAY);
        break;
      case COLON:
        if (depth === 1 && containers[0] === OBJECT) {
          currentKey = JSON.parse(text.slice(keyStart, keyEnd + 1));
        }
        break;
    }
  }
  return result;
}
