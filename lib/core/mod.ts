/**
 * The core vocabulary every other folder builds on: the canonical events and their frame, the
 * stream rules (duplicates, pairing, rejections), instants to the microsecond, calendar days in a
 * report zone, and the window.
 *
 * @module
 */
export * from "./calendar.ts";
export * from "./duration.ts";
export * from "./event_rules.ts";
export * from "./events.ts";
export * from "./exact_division.ts";
export * from "./instants.ts";
export * from "./usage_error.ts";
export * from "./window.ts";
