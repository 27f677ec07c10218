/**
 * The charts: for each, a data file (polars → small records) and a draw file (records → Plot SVG).
 *
 * @module
 */
export * from "./binning.ts";
export * from "./data.ts";
export * from "./deployment_frequency.ts";
export * from "./deployment_frequency_data.ts";
export * from "./deploys_per_day.ts";
export * from "./deploys_per_day_data.ts";
export * from "./lead_time.ts";
export * from "./lead_time_data.ts";
export * from "./legend.ts";
export * from "./recovery.ts";
export * from "./recovery_binned.ts";
export * from "./recovery_data.ts";
export * from "./recovery_parts.ts";
export * from "./render.ts";
export * from "./svg.ts";
export * from "./svg_element.ts";
export * from "./svg_ids.ts";
export * from "./svg_markup.ts";
export * from "./theme.ts";
export * from "./timeline.ts";
export * from "./timeline_data.ts";
export * from "./visible_text.ts";
