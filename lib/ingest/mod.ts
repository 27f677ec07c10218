/**
 * Reading events from files: formats (CSV, NDJSON, JSON, gzip), the column map, row parsing with
 * a reason for every rejection, and the vendor adapters in `adapters/`.
 *
 * @module
 */
export * from "./column_map.ts";
export * from "./csv_layout.ts";
export * from "./csv_records.ts";
export * from "./input_content.ts";
export * from "./input_file_error.ts";
export * from "./json_lines.ts";
export * from "./json_records.ts";
export * from "./options.ts";
export * from "./parse_rows.ts";
export * from "./read_csv.ts";
export * from "./read_events.ts";
export * from "./read_ndjson.ts";
export * from "./canonical_rows.ts";
export * from "./vendor_csv.ts";
export * from "./adapters/mod.ts";
