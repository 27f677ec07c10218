/** The notebook's parameters: checked, named in errors, and turned into the analysis source. */
import assert from "node:assert/strict";
import {
  NotebookParameterError,
  type NotebookParameters,
  notebookSource,
} from "../../lib/notebook/parameters.ts";
import { PROFILES } from "../../lib/synthetic/profiles.ts";

const DEFAULTS: NotebookParameters = {
  seed: 42,
  days: 14,
  profile: "mixed",
  eventsFile: "",
  reportYear: 2023,
};

Deno.test("synthetic parameters become a synthetic source, like the CLI's", () => {
  assert.deepEqual(notebookSource(DEFAULTS), {
    kind: "synthetic",
    seed: 42,
    days: 14,
    profile: PROFILES.mixed,
    profileName: undefined,
  });
  const elite = notebookSource({ ...DEFAULTS, seed: 7, days: 30, profile: "elite" });
  assert.equal(elite.kind === "synthetic" && elite.profileName, "elite");
});

Deno.test("a report year and a time zone are optional, and checked when given", () => {
  assert.equal(notebookSource({ ...DEFAULTS, reportYear: undefined }).kind, "synthetic");
  assert.equal(notebookSource({ ...DEFAULTS, timeZone: "Europe/Berlin" }).kind, "synthetic");
});

Deno.test("an events file wins, and then days and profile are not used", () => {
  const source = notebookSource({
    ...DEFAULTS,
    eventsFile: " ../events.csv ",
    days: Number.NaN,
    profile: "?",
  });
  assert.deepEqual(source, { kind: "file", files: ["../events.csv"] });
});

Deno.test("unusable values are rejected with the parameter's name", () => {
  const cases: [Partial<NotebookParameters>, RegExp][] = [
    [{ seed: Number.NaN }, /^SEED must be a whole number, got "NaN"/],
    [{ seed: 1.5 }, /^SEED must be a whole number/],
    [{ days: 0 }, /^DAYS must be a whole number from 1 to 3660, got "0"/],
    [{ days: 5000 }, /^DAYS must be/],
    [{ profile: "<b>elite</b>" }, /^PROFILE must be one of mixed, elite, high, medium, low/],
    [{ reportYear: 1999 }, /^REPORT_YEAR must be one of 2023, 2024/],
    [{ eventsFile: "x.csv", reportYear: Number.NaN }, /^REPORT_YEAR/],
    [{ timeZone: "Mars/Olympus" }, /^TIME_ZONE must be an IANA time zone/],
    [{ eventsFile: 7 as unknown as string }, /^EVENTS_FILE must be a file name in quotes/],
  ];
  for (const [change, message] of cases) {
    assert.throws(() => notebookSource({ ...DEFAULTS, ...change }), (error: Error) => {
      assert.ok(error instanceof NotebookParameterError);
      assert.match(error.message, message);
      assert.match(error.message, /set it in the parameters cell at the top/);
      return true;
    });
  }
});
