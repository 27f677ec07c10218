/**
 * Outputs for people and files: the HTML report, the text summary, the scorecard, the comparison of
 * universes, the rejected-rows CSV, and writing an output set.
 *
 * @module
 */
export * from "./comparison.ts";
export * from "./definitions_section.ts";
export * from "./escape_html.ts";
export * from "./html.ts";
export * from "./html_page.ts";
export * from "./incident_story.ts";
export * from "./incidents_section.ts";
export * from "./ingest_outcome.ts";
export * from "./rejected_csv.ts";
export * from "./scorecard.ts";
export * from "./scorecard_section.ts";
export * from "./text_summary.ts";
export * from "./write_outputs.ts";
