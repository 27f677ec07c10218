/**
 * The notebook's helpers: the steps it keeps and the tables it shows (`lesson`, `frame_view`), its
 * charts and checks, its outputs cell by cell, checked parameters, the kernelspec, running the
 * notebook through Jupyter, and the handout's checks.
 *
 * @module
 */
export * from "./display.ts";
export * from "./frame_view.ts";
export * from "./handout_check.ts";
export * from "./handout_options.ts";
export * from "./jupyter_tools.ts";
export * from "./kernelspec.ts";
export * from "./lesson.ts";
export * from "./lesson_charts.ts";
export * from "./lesson_views.ts";
export * from "./notebook_outputs.ts";
export * from "./parameters.ts";
export * from "./run.ts";
export * from "./show.ts";
