/**
 * A writer to kill: writes the "new" output set into `Deno.args[0]` and, just before the commit step
 * named in `Deno.args[1]`, prints `paused at <step>` and waits for up to a minute, so that the
 * test can send SIGKILL exactly there (output_set_test.ts). Not a test itself.
 */
import { type CommitStep, writeOutputSet } from "../../lib/report/write_outputs.ts";

const [out, pauseAt] = Deno.args;

/** The set the killed run writes; output_set_test.ts checks for exactly these files. */
export const NEW_SET = [
  { name: "report.html", content: "new report" },
  { name: "01_chart.svg", content: "new chart 1" },
  { name: "02_chart.svg", content: "new chart 2" },
];

if (import.meta.main) {
  writeOutputSet(out, NEW_SET, {
    beforeStep: (step: CommitStep) => {
      if (step !== pauseAt) return;
      console.log(`paused at ${step}`);
      // Blocks this thread (no event loop needed) until the test kills the process.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      Deno.exit(99);
    },
  });
  console.log("finished");
}
