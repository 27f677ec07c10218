/**
 * What the training notebook shows, cell by cell: the contract between the notebook, its tests and
 * the handout's completeness check. Each output is `<div class="dora-view" data-view="…">`; a
 * DataFrame's view is the name of its step in `step` (`perDay`), a chart's is `chart-<id>`.
 *
 * @module
 */

/** One code cell of the notebook and the view its last expression shows. */
export interface NotebookOutput {
  /** The cell's id. */
  cell: string;
  /** The `data-view` of its output; null for a cell that shows nothing. */
  view: string | null;
  /** What the output is: a DataFrame, a chart, or another view. */
  kind: "frame" | "chart" | "other" | null;
  /** Tagged `live-only`: run in a live notebook, replaced by a note on paper. */
  liveOnly?: boolean;
}

const frame = (cell: string, view: string): NotebookOutput => ({ cell, view, kind: "frame" });
const chart = (cell: string, id: string): NotebookOutput => ({
  cell,
  view: `chart-${id}`,
  kind: "chart",
});

/** The notebook's code cells in order, with their outputs. */
export const NOTEBOOK_OUTPUTS: readonly NotebookOutput[] = [
  { cell: "parameters", view: null, kind: null },
  frame("events", "events"),
  frame("per-type", "perType"),
  frame("rejected", "rejected"),
  frame("rules-example", "example.rejected"),
  frame("rules-kept", "example.events"),
  frame("deploys", "deploys"),
  frame("dated", "dated"),
  frame("counts", "counts"),
  frame("per-day", "perDay"),
  frame("zero-days", "zeroDays"),
  chart("deploys-chart", "deploys_per_day"),
  frame("weeks", "weeks"),
  frame("frequency", "frequency"),
  frame("frequency-rules", "frequencyRules"),
  chart("frequency-chart", "deployment_frequency"),
  frame("incident-events", "starts"),
  frame("incidents", "incidents"),
  frame("recoveries", "recoveries"),
  frame("recovery", "recovery"),
  frame("by-hand", "byHand"),
  chart("recovery-chart", "recovery_time"),
  frame("attributed", "attributed"),
  frame("failed", "failed"),
  frame("failed-incidents", "failedIncidents"),
  frame("change-failure", "changeFailure"),
  chart("timeline-chart", "timeline"),
  frame("lead-times", "leadTimes"),
  frame("lead-time", "leadTime"),
  chart("lead-time-chart", "lead_time"),
  frame("agreement", "agreement"),
  { cell: "scorecard", view: "scorecard", kind: "other" },
  { cell: "compare", view: "comparison", kind: "other" },
  frame("recovery-split", "failedRecovery"),
  frame("definitions", "definitions"),
  { cell: "rebuild", view: "answer", kind: "other", liveOnly: true },
];

/**
 * The views a handout of the notebook shows, in order: every output except those of live-only
 * cells.
 */
export const NOTEBOOK_PAGE_VIEWS: readonly string[] = NOTEBOOK_OUTPUTS
  .filter((output) => output.view !== null && !output.liveOnly)
  .map((output) => output.view!);
