/**
 * The sentences of the incidents' stories (see `explanations.ts` for the facts they are written
 * from). Each kind of story is one sentence pattern, written by polars for only the incidents of
 * that kind; the times in them ("15 h 20 min", "3.5 h") are written by JavaScript once per
 * distinct value shown, so they read exactly as everywhere else.
 *
 * @module
 */
import pl from "nodejs-polars";
import { humanDuration } from "../core/duration.ts";
import { floorToMultiple, MINUTE_US } from "../core/instants.ts";

const MINUTE_MS = 60_000;

/**
 * An elapsed time to the minute, as a person says it: "45 s", "40 min", "3 h", "15 h 20 min",
 * "24 h", "2 d 3 h".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { elapsedText } from "./story_text.ts";
 *
 * const minute = 60_000;
 * assert.deepEqual(
 *   [45_000, 40 * minute, 180 * minute, 920 * minute, 1440 * minute, 3060 * minute].map(elapsedText),
 *   ["45 s", "40 min", "3 h", "15 h 20 min", "24 h", "2 d 3 h"],
 * );
 * ```
 */
export function elapsedText(ms: number): string {
  if (ms < MINUTE_MS) return `${Math.floor(ms / 1000)} s`;
  const minutes = Math.floor(ms / MINUTE_MS);
  // Days from two on, as humanDuration does: "24 h", not "1 d".
  const days = minutes >= 2880 ? Math.floor(minutes / 1440) : 0;
  const hours = Math.floor((minutes - days * 1440) / 60);
  const rest = minutes % 60;
  const parts: [number, string][] = days > 0
    ? [[days, "d"], [hours, "h"]]
    : [[hours, "h"], [rest, "min"]];
  const shown = parts.filter(([value]) => value > 0).map(([value, unit]) => `${value} ${unit}`);
  return shown.join(" ");
}

/**
 * A text for each value of a column, written by `format` once per distinct value: the texts
 * JavaScript writes (number formats, `Intl`) for a column of hundreds of thousands of rows with
 * far fewer distinct values. Null stays null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { textPerValue } from "./story_text.ts";
 *
 * const frame = pl.DataFrame({ minutes: [1.5, null, 40, 1.5] });
 * const text = textPerValue(frame, "minutes", (value) => `${value} min`);
 * assert.deepEqual(
 *   frame.select(text.alias("text")).getColumn("text").toArray(),
 *   ["1.5 min", null, "40 min", "1.5 min"],
 * );
 * ```
 */
export function textPerValue(
  frame: pl.DataFrame,
  column: string | pl.Expr,
  format: (value: number) => string,
): pl.Expr {
  const values = typeof column === "string" ? pl.col(column) : column;
  const distinct = frame.select(values.unique().dropNulls().alias("value")).getColumn("value")
    .toArray().map(Number);
  if (distinct.length === 0) return pl.lit(null).cast(pl.Utf8);
  // polars' unique() keeps one of 0 and -0; no value here is -0, so 0 stands for both.
  const texts = distinct.map((value) => format(value === 0 ? 0 : value));
  return values.replaceStrict(distinct, texts, undefined, pl.Utf8);
}

/**
 * Microseconds (not negative) rounded down to what {@link elapsedText} shows of them, whole
 * seconds under a minute and whole minutes from one on, as the milliseconds it takes. The text of
 * the rounded value is the text of the value, and there are far fewer of them to write.
 */
function shownElapsed(us: pl.Expr): pl.Expr {
  const exact = us.cast(pl.Int64);
  const shown = pl.when(exact.lt(MINUTE_US)).then(floorToMultiple(exact, 1_000_000))
    .otherwise(floorToMultiple(exact, MINUTE_US));
  // Whole seconds in microseconds are whole milliseconds: a cast divides them exactly.
  return shown.cast(pl.Duration("us")).cast(pl.Duration("ms")).cast(pl.Int64);
}

/** A deploy's time relative to the start: "at the start", "3 h before the start", … */
function relativeText(frame: pl.DataFrame, at: string): pl.Expr {
  // The shown gap plus one, signed: a gap under a second keeps its side of the start.
  const gap = pl.col(at).sub(pl.col("start_us"));
  const key = pl.when(gap.eq(0)).then(pl.lit(0))
    .when(gap.lt(0)).then(pl.lit(-1).sub(shownElapsed(pl.lit(0).cast(pl.Int64).sub(gap))))
    .otherwise(shownElapsed(gap).add(1)).cast(pl.Int64);
  return textPerValue(frame, key, (key) => {
    if (key === 0) return "at the start";
    return key < 0
      ? `${elapsedText(-key - 1)} before the start`
      : `${elapsedText(key - 1)} after the start`;
  });
}

/** {@link elapsedText} of `start_us − at`. */
function elapsedSince(frame: pl.DataFrame, at: string): pl.Expr {
  return textPerValue(frame, shownElapsed(pl.col("start_us").sub(pl.col(at))), elapsedText);
}

/**
 * `facts` with the times their stories tell, each written once per distinct value shown:
 * `recovery_text` (as {@link humanDuration} writes it), `named_relative` and `latest_relative`
 * (the deploy's time relative to the start: "at the start", "3 h before the start") and
 * `latest_elapsed` (the time from the latest deploy to the start). `facts` has `start_us`,
 * `named_us`, `latest_us` (microseconds since the epoch) and `recovery_minutes`.
 */
export function withStoryTimes(facts: pl.DataFrame): pl.DataFrame {
  return facts.withColumns(
    textPerValue(facts, "recovery_minutes", humanDuration).alias("recovery_text"),
    relativeText(facts, "named_us").alias("named_relative"),
    relativeText(facts, "latest_us").alias("latest_relative"),
    elapsedSince(facts, "latest_us").alias("latest_elapsed"),
  );
}

/** A literal text or a column's expression. */
type Piece = string | pl.Expr;

function concat(...pieces: Piece[]): pl.Expr {
  return pl.concatString(pieces.map((p) => (typeof p === "string" ? pl.lit(p) : p)), "");
}

/**
 * The kinds of story: why an incident has its cause (or none), and what it counts toward. Each
 * kind is one sentence pattern, written for only the incidents of that kind.
 */
const CAUSE = {
  explicitUnread: 0,
  explicit: 1,
  inferred: 2,
  inferenceOff: 3,
  noDeploy: 4,
  tooOld: 5,
} as const;
const COUNTS = {
  noCauseOpen: 0,
  noCause: 1,
  failedOpen: 2,
  failed: 3,
  outsideOpen: 4,
  outside: 5,
} as const;

function causeKind(inferenceOff: boolean): pl.Expr {
  const cause = pl.col("cause");
  return pl.when(cause.eq(pl.lit("explicit")).and(pl.col("named_us").isNull()))
    .then(pl.lit(CAUSE.explicitUnread))
    .when(cause.eq(pl.lit("explicit"))).then(pl.lit(CAUSE.explicit))
    .when(cause.eq(pl.lit("inferred"))).then(pl.lit(CAUSE.inferred))
    .when(pl.lit(inferenceOff)).then(pl.lit(CAUSE.inferenceOff))
    .when(pl.col("latest_id").isNull().or(pl.col("latest_us").isNull()))
    .then(pl.lit(CAUSE.noDeploy))
    .otherwise(pl.lit(CAUSE.tooOld)).cast(pl.Int8);
}

function countsKind(): pl.Expr {
  const open = pl.col("recovery_minutes").isNull();
  const kind = (whenOpen: number, whenResolved: number) =>
    pl.when(open).then(pl.lit(whenOpen)).otherwise(pl.lit(whenResolved));
  return pl.when(pl.col("caused_by").isNull()).then(kind(COUNTS.noCauseOpen, COUNTS.noCause))
    .when(pl.col("cause_in_window")).then(kind(COUNTS.failedOpen, COUNTS.failed))
    .otherwise(kind(COUNTS.outsideOpen, COUNTS.outside)).cast(pl.Int8);
}

function causeSentence(kind: number, windowText: string): Piece[] {
  const service = pl.col("service");
  const linked = pl.col("deploy_id");
  const inferred = pl.col("caused_by");
  switch (kind) {
    case CAUSE.explicitUnread:
      return [
        "Caused by ",
        linked,
        ": its deploy_id names that deploy (an explicit link, used as given), though no deploy ",
        linked,
        " was read.",
      ];
    case CAUSE.explicit:
      return [
        "Caused by ",
        linked,
        ": its deploy_id names that deploy (an explicit link, used as given",
        pl.when(pl.col("named_service").eq(service)).then(pl.lit(""))
          .otherwise(pl.lit(", across services")),
        "); ",
        linked,
        " is a deploy of ",
        pl.col("named_service"),
        ", ",
        pl.col("named_relative"),
        ".",
      ];
    case CAUSE.inferred:
      return [
        "Caused by ",
        inferred,
        ": no deploy_id, so the latest deploy of service ",
        service,
        " at or before the start is taken: ",
        inferred,
        pl.when(pl.col("latest_us").isNull()).then(pl.lit(""))
          .otherwise(concat(", ", pl.col("latest_relative"))),
        `, within the ${windowText} attribution window.`,
      ];
    case CAUSE.inferenceOff:
      return ["No cause: no deploy_id, and inference is off (--attribution-window none)."];
    case CAUSE.noDeploy:
      return [
        "No cause: no deploy_id, and no deploy of service ",
        service,
        " at or before the start.",
      ];
    default:
      return [
        "No cause: no deploy_id, and the latest deploy of service ",
        service,
        ", ",
        pl.col("latest_id"),
        ", was ",
        pl.col("latest_elapsed"),
        ` before the start, outside the ${windowText} attribution window.`,
      ];
  }
}

function countsSentence(kind: number): Piece[] {
  const id = pl.col("caused_by");
  const recovery = () => pl.col("recovery_text");
  const failure: Piece[] = kind === COUNTS.failedOpen || kind === COUNTS.failed
    ? ["It counts toward the change failure rate (", id, " failed)"]
    : [id, " is not a deploy of the window, so the change failure rate does not count it"];
  switch (kind) {
    case COUNTS.noCauseOpen:
      return [
        "Still open and caused by no deploy, it is in no median and marks no deploy as failed.",
      ];
    case COUNTS.noCause:
      return [
        "It counts toward time to restore (",
        recovery(),
        ") only, not toward failed deployment recovery time or the change failure rate.",
      ];
    case COUNTS.failedOpen:
    case COUNTS.outsideOpen:
      return [...failure, "; still open, it is in no recovery median yet."];
    default:
      return [
        ...failure,
        ", and with ",
        recovery(),
        " toward both failed deployment recovery time and time to restore.",
      ];
  }
}

/** How {@link withExplanations} writes the stories. */
export interface ExplanationOptions {
  /** The attribution window the causes were inferred with, in ms; null when inference was off. */
  attributionWindowMs: number | null;
}

/**
 * The facts of `storyFacts` (in `explanations.ts`, times included: {@link withStoryTimes}) with
 * `explanation`, each incident's story: why it has the cause it has (or none), and what it counts
 * toward. The ids and services go into the sentences as they are in `facts`: escaped there, they
 * are escaped in the sentence.
 */
export function withExplanations(
  facts: pl.DataFrame,
  { attributionWindowMs }: ExplanationOptions,
): pl.DataFrame {
  if (facts.height === 0) {
    return facts.withColumns(pl.lit(null).cast(pl.Utf8).alias("explanation"));
  }
  // With the window off no cause is inferred, so no sentence reads it.
  const windowText = attributionWindowMs === null ? "null" : elapsedText(attributionWindowMs);
  const kinds = facts.withRowIndex("story_row").withColumns(
    causeKind(attributionWindowMs === null).alias("cause_kind"),
    countsKind().alias("counts_kind"),
  );
  const stories = kinds.partitionBy(["cause_kind", "counts_kind"], false, true, (part) => {
    const [cause, counts] = part.select("cause_kind", "counts_kind").row(0).map(Number);
    return part.select(
      "story_row",
      concat(...causeSentence(cause, windowText), " ", ...countsSentence(counts))
        .alias("explanation"),
    );
  });
  return facts.hstack(pl.concat(stories).sort("story_row").select("explanation"));
}
