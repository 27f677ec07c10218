/**
 * The notebook's helpers: inline display, checked parameters, the kernelspec, running the notebook
 * through Jupyter, and the handout's checks.
 *
 * @module
 */
export * from "./display.ts";
export * from "./handout_check.ts";
export * from "./handout_options.ts";
export * from "./jupyter_tools.ts";
export * from "./kernelspec.ts";
export * from "./parameters.ts";
export * from "./run.ts";
export * from "./show.ts";
