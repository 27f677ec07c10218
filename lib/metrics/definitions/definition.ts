/**
 * What every tool's definition of change failure rate and recovery time is given, and what it
 * gives back. Each definition is applied to the same events (one report window), so the
 * differences between tools come from their rules alone.
 *
 * @module
 */
import pl from "nodejs-polars";
import { instantAt } from "../../core/instants.ts";
import type { ReportWindow } from "../../core/window.ts";

/** The events one definition scores. */
export interface DefinitionInputs {
  /** The window's deploys: `id`, `service`, `timestamp`. */
  deploys: pl.DataFrame;
  /** Every used deploy, before the window too: a link may point there. `id`, `service`, `timestamp`. */
  allDeploys: pl.DataFrame;
  /**
   * The incidents that start in the window, attributed the way this project does: `id`,
   * `service`, `start`, `resolved`, `recovery_minutes`, `deploy_id`, `caused_by`.
   */
  incidents: pl.DataFrame;
  /** The report window: the period every tool is asked about. */
  window: ReportWindow;
}

/** The counts one definition produces from the inputs. */
export interface DefinitionCounts {
  /** What the change failure rate divides: deploys with a linked incident, or incidents. */
  cfr_numerator: number;
  /** What it divides by: the window's deploys. */
  cfr_denominator: number;
  /** The recovery figure in minutes (in the tool's own units, converted), or null. */
  recovery_minutes: number | null;
  /** How many incidents the recovery figure covers. */
  recovery_incidents: number;
}

/** One tool's documented definition. */
export interface Definition {
  /** The name `--definitions` takes, e.g. `fourkeys`. */
  name: string;
  /** The tool or body, e.g. "Google Four Keys". */
  tool: string;
  /** Where the definition is documented (files and pages read). */
  source: string;
  /** One sentence on what it counts. */
  counts: string;
  /** What the change failure rate's numerator counts, e.g. "deploys with a linked incident". */
  cfrNumerator: string;
  /** How the recovery figure is summarized, e.g. "median of whole hours". */
  recoveryStatistic: string;
  /** The unit the tool reports recovery in (the figure itself is always converted to minutes). */
  recoveryUnit: "minutes" | "hours";
  /** Scores the inputs. */
  score(inputs: DefinitionInputs): DefinitionCounts;
}

/** A number from a one-row frame's first cell, or null (for null and NaN). */
export function scalar(frame: pl.DataFrame): number | null {
  const value = frame.height ? frame.row(0)[0] : null;
  return value == null || Number.isNaN(Number(value)) ? null : Number(value);
}

/** The window's deploys named in `ids` (a frame with one column `id`), counted once per deploy row. */
export function windowDeploysAmong(deploys: pl.DataFrame, ids: pl.DataFrame): number {
  return deploys.select("id").join(ids.unique(), { on: "id", how: "semi" }).height;
}

/** The resolved incidents whose resolve falls in the window: a tool's "resolved in the period". */
export function resolvedInWindow(incidents: pl.DataFrame, window: ReportWindow): pl.DataFrame {
  return incidents.filter(
    pl.col("resolved").isNotNull().and(
      pl.col("resolved").lt(instantAt(window.endMs)),
    ),
  );
}
