/**
 * One DORA metric per file, each a polars computation over the event frames, plus the
 * performance tiers in `tiers/`.
 *
 * @module
 */
export * from "./aggregate.ts";
export * from "./change_failure.ts";
export * from "./deployment_frequency.ts";
export * from "./definitions/mod.ts";
export * from "./deploys_per_day.ts";
export * from "./explanations.ts";
export * from "./story_text.ts";
export * from "./lead_time.ts";
export * from "./recovery.ts";
export * from "./recovery_split.ts";
export * from "./rework.ts";
export * from "./tiers/mod.ts";
