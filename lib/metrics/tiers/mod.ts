/**
 * DORA performance tier tables per report year, and the classification of measured metrics.
 *
 * @module
 */
export * from "./classify.ts";
export * from "./tables.ts";
