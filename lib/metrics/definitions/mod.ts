/**
 * Change failure rate and recovery time under each tool's documented definition (this project,
 * DORA, Four Keys, GitLab, DevLake), applied to the same events.
 *
 * @module
 */
export * from "./definition.ts";
export * from "./devlake.ts";
export * from "./fourkeys.ts";
export * from "./gitlab.ts";
export * from "./project.ts";
export * from "./score.ts";
