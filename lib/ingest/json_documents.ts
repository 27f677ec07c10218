/**
 * The records of a JSON input, whatever the tool that wrote it did with pages:
 *
 * - one document: an array of records, or a vendor object with its records under a list key
 *   (`{"workflow_runs": [...]}`);
 * - pages back to back, as `gh api --paginate` writes them: `[...][...]` or `{...}{...}`, on one
 *   line or one page per line;
 * - an array of pages, as `gh api --paginate --slurp` writes them: `[[...], [...]]` or
 *   `[{"workflow_runs": [...]}, ...]`.
 *
 * A page is an array, or an object holding an array under one of the adapters' list keys. Records
 * are numbered by their place among the file's records (`element`, 1-based) and located by the line
 * on which they start; the element is kept only where the line does not tell records apart.
 *
 * @module
 */
import type { Adapter } from "./adapters/adapter.ts";
import { ADAPTERS } from "./adapters/registry.ts";
import { jsonElementLines } from "./json_lines.ts";
import { isJsonObject } from "./json_records.ts";

/** One top-level JSON value of a text, with where it starts. */
export interface JsonValue {
  /** The parsed value. */
  value: unknown;
  /** Its text. */
  text: string;
  /** The line on which it starts, 1-based. */
  line: number;
}

/** One record of a JSON input, where it starts, and its place among the file's records. */
export interface JsonRecord {
  /** The record, as parsed. */
  value: unknown;
  /** The line on which the record starts. */
  line: number;
  /** Its 1-based place among the file's records, when another record starts on its line. */
  element?: number;
}

const LIST_KEYS = new Set(ADAPTERS.flatMap((adapter) => adapter.listKey ?? []));

/** Whether a value is a page of records: an array, or an object with a list under a known key. */
export function isPage(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  return isJsonObject(value) &&
    Object.keys(value).some((key) => LIST_KEYS.has(key) && Array.isArray(value[key]));
}

/**
 * The top-level values of a text of objects and arrays written back to back, with or without
 * whitespace (or, with `commas`, commas) between them, or null when the text is not such a
 * sequence (or does not parse).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concatenatedJsonValues } from "./json_documents.ts";
 *
 * const values = concatenatedJsonValues('[{"a": "]["}]{"b": 2}\n\n[]');
 * assert.deepEqual(values?.map(({ value, line }) => [value, line]), [
 *   [[{ a: "][" }], 1],
 *   [{ b: 2 }, 1],
 *   [[], 3],
 * ]);
 * assert.equal(concatenatedJsonValues('[1] 2'), null);
 * assert.equal(concatenatedJsonValues('[1]['), null);
 * ```
 */
export function concatenatedJsonValues(
  text: string,
  { commas = false }: { commas?: boolean } = {},
): JsonValue[] | null {
  const values: JsonValue[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let startLine = 1;
  let line = 1;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === "\n") line++;
    if (char === " " || char === "\t" || char === "\r" || char === "\n" || char === "\ufeff") {
      continue;
    }
    if (depth === 0) {
      if (commas && char === "," && values.length > 0) continue;
      if (char !== "[" && char !== "{") return null;
      start = index;
      startLine = line;
    }
    if (char === '"') inString = true;
    else if (char === "[" || char === "{") depth++;
    else if (char === "]" || char === "}") {
      depth--;
      if (depth === 0) {
        const slice = text.slice(start, index + 1);
        try {
          values.push({ value: JSON.parse(slice), text: slice, line: startLine });
        } catch {
          return null;
        }
      }
    }
  }
  return depth === 0 && !inString ? values : null;
}

/**
 * The pages of a JSON input given as its top-level values: the values themselves, or the elements
 * of a single array of pages (`--slurp`). A single value that is not a list of pages is one page.
 */
export function pagesOf(values: readonly JsonValue[]): JsonValue[] {
  if (values.length !== 1) return [...values];
  const [only] = values;
  if (!Array.isArray(only.value) || only.value.length === 0 || !only.value.every(isPage)) {
    return [...values];
  }
  // The pages' own texts, for the lines of their records: the array's inside, split at commas.
  const inner = concatenatedJsonValues(only.text.slice(1, only.text.lastIndexOf("]")), {
    commas: true,
  });
  if (inner === null || inner.length !== only.value.length) return [...values];
  return inner.map((page) => ({ ...page, line: only.line + page.line - 1 }));
}

/** The records of one page: its elements, the list under the adapter's key, or the page itself. */
function pageRecords(
  page: JsonValue,
  adapter: Adapter | null,
): { value: unknown; line: number }[] {
  const lines = jsonElementLines(page.text);
  const at = (relative: number | undefined) =>
    relative === undefined ? page.line : page.line + relative - 1;
  if (Array.isArray(page.value)) {
    return page.value.map((value, index) => ({ value, line: at(lines.top[index]) }));
  }
  const key = adapter?.listKey ??
    (isJsonObject(page.value)
      ? Object.keys(page.value).find((name) =>
        LIST_KEYS.has(name) && Array.isArray((page.value as Record<string, unknown>)[name])
      )
      : undefined);
  if (key && isJsonObject(page.value) && Array.isArray(page.value[key])) {
    const starts = lines.byKey.get(key) ?? [];
    return page.value[key].map((value, index) => ({ value, line: at(starts[index]) }));
  }
  return [{ value: page.value, line: page.line }];
}

/**
 * The records of every page, in order, numbered: `element` is set where another record of the
 * file starts on the same line.
 *
 * @example A one-line array of pages: every record on line 1, told apart by its element
 * ```ts
 * import assert from "node:assert/strict";
 * import { concatenatedJsonValues, pagesOf, recordsOfPages } from "./json_documents.ts";
 *
 * const pages = pagesOf(concatenatedJsonValues('[{"id": 1}, {"id": 2}]\n[{"id": 3}]\n')!);
 * assert.deepEqual(recordsOfPages(pages, null), [
 *   { value: { id: 1 }, line: 1, element: 1 },
 *   { value: { id: 2 }, line: 1, element: 2 },
 *   { value: { id: 3 }, line: 2 },
 * ]);
 * ```
 */
export function recordsOfPages(
  pages: readonly JsonValue[],
  adapter: Adapter | null,
): JsonRecord[] {
  const records = pages.flatMap((page) => pageRecords(page, adapter));
  const perLine = new Map<number, number>();
  for (const { line } of records) perLine.set(line, (perLine.get(line) ?? 0) + 1);
  return records.map((record, index) =>
    perLine.get(record.line)! > 1 ? { ...record, element: index + 1 } : record
  );
}

/** The first page with a record, or else the first page: what detection looks at. */
export function samplePage(pages: readonly JsonValue[]): unknown {
  return (pages.find((page) => pageRecords(page, null).length > 0) ?? pages[0])?.value;
}
