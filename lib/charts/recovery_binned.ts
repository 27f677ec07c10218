/// <reference lib="dom" />
/**
 * The recovery chart above `RECOVERY_DOT_LIMIT` incidents (see recovery.ts): columns are start
 * days (or coarser bins for long windows), rows are roughly log-spaced recovery-time buckets, and
 * the shade counts incidents; a separate top row counts incidents still open.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { binPhrase, levelRanges } from "./binning.ts";
import {
  bucketPosition,
  type OpenCell,
  RECOVERY_BUCKET_EDGE_LABELS,
  RECOVERY_DOT_LIMIT,
  type RecoveryCell,
  type RecoveryChartData,
} from "./recovery_data.ts";
import {
  RECOVERY_CHART_NAME,
  RECOVERY_MARGINS,
  RECOVERY_PLOT_HEIGHT,
  RECOVERY_TITLE,
  recoveryHeadline,
  recoveryRuleMarks,
  recoveryXAxis,
} from "./recovery_parts.ts";
import type { LegendItem } from "./legend.ts";
import { type ChartOptions, standaloneSvg } from "./svg.ts";
import { COLORS, formatCount, RAMPS, SIZES } from "./theme.ts";

/**
 * Draws the binned recovery chart: a cell per start column and recovery bucket, shaded by count,
 * a top row for incidents still open, and the mean and median rules interpolated within a bucket.
 */
export function binnedRecoveryChart(
  data: Extract<RecoveryChartData, { mode: "binned" }>,
  { document, universe }: ChartOptions,
): string {
  const { cells, openCells, recovery, bucketRange } = data;
  const [low, high] = bucketRange ?? [0, 0];
  const openRow = openCells.length ? { y1: high + 1.35, y2: high + 2.35 } : null;
  const ticks = new Map<number, string>();
  for (let edge = low; edge <= high + 1; edge++) {
    ticks.set(edge, RECOVERY_BUCKET_EDGE_LABELS[edge] ?? "");
  }
  if (openRow) ticks.set((openRow.y1 + openRow.y2) / 2, "still open");
  const { marks: rules, legend: ruleLegend } = recoveryRuleMarks(recovery, bucketPosition);
  const column = binPhrase(data.columnMs);

  const plot = Plot.plot({
    document,
    width: SIZES.width,
    height: RECOVERY_PLOT_HEIGHT + 40,
    ...RECOVERY_MARGINS,
    x: recoveryXAxis(data),
    y: {
      domain: [low, openRow ? openRow.y2 : high + 1],
      ticks: [...ticks.keys()],
      tickFormat: (value: number) => ticks.get(value) ?? "",
      label: "time to recover (bucket edges)",
    },
    marks: [
      Plot.rect(cells, {
        x1: "x1",
        x2: "x2",
        y1: "bucket",
        y2: (cell: RecoveryCell) => cell.bucket + 1,
        fill: (cell: RecoveryCell) => RAMPS.incident[cell.level - 1],
        inset: 0.5,
      }),
      ...(openRow
        ? [
          Plot.rect(openCells, {
            x1: "x1",
            x2: "x2",
            y1: openRow.y1,
            y2: openRow.y2,
            fill: (cell: OpenCell) => RAMPS.openIncident[cell.level - 1],
            stroke: COLORS.openIncident,
            strokeWidth: 0.5,
            inset: 0.5,
          }),
        ]
        : []),
      ...rules,
    ],
  });
  const legend: LegendItem[] = [
    { label: `resolved incidents per ${column} and row:` },
    ...levelRanges(data.maxCount).map((range) => ({
      label: range.low === range.high
        ? formatCount(range.low)
        : `${formatCount(range.low)}–${formatCount(range.high)}`,
      swatch: { kind: "rect" as const, fill: RAMPS.incident[range.level - 1] },
    })),
  ];
  if (openCells.length) {
    legend.push(
      { label: `still open per ${column}:` },
      ...levelRanges(data.maxOpenCount).map((range) => ({
        label: range.low === range.high
          ? formatCount(range.low)
          : `${formatCount(range.low)}–${formatCount(range.high)}`,
        swatch: {
          kind: "rect" as const,
          fill: RAMPS.openIncident[range.level - 1],
          stroke: COLORS.openIncident,
        },
      })),
    );
  }
  legend.push(...ruleLegend);
  return standaloneSvg(plot, {
    document,
    universe: universe ?? data.window.universe,
    name: RECOVERY_CHART_NAME,
    title: RECOVERY_TITLE,
    subtitle: recoveryHeadline(recovery),
    legend,
    note:
      `Binned because there are more than ${
        formatCount(RECOVERY_DOT_LIMIT)
      } incidents: each cell counts the incidents ` +
      `that started in that ${column} and recovered within the row's range; rows are roughly logarithmic.`,
  });
}
