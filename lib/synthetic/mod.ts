/**
 * The seeded generator and its profiles: repeatable synthetic delivery universes, and scenario
 * knobs that change one thing about a universe.
 *
 * @module
 */
export * from "./generator.ts";
export * from "./profiles.ts";
export * from "./scenario.ts";
export * from "./universe_diff.ts";
