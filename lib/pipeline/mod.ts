/**
 * The pipeline: a source of events → an analysis (rules, window, metric frames) → a summary.
 *
 * @module
 */
export * from "./analysis.ts";
export * from "./definitions.ts";
export * from "./incident_records.ts";
export * from "./parameter_checks.ts";
export * from "./scenario_changes.ts";
export * from "./summary.ts";
export * from "./summary_json.ts";
export * from "./universes.ts";
