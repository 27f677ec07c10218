/**
 * The seeded generator and its profiles: repeatable synthetic delivery universes.
 *
 * @module
 */
export * from "./generator.ts";
export * from "./profiles.ts";
