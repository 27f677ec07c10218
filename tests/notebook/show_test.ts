/** `show`: displays through the kernel with a settle pause, and prints text outside the kernel. */
import assert from "node:assert/strict";
import { kernelDisplay, type MimeBundle, show } from "../../lib/notebook/show.ts";

const BUNDLE: MimeBundle = { "text/plain": "three deploys", "text/html": "<p>three deploys</p>" };

Deno.test("show sends the bundle and waits the settle time before the cell may end", async () => {
  const events: string[] = [];
  const display = (bundle: MimeBundle) => {
    events.push(`display ${bundle["text/plain"]}`);
    return Promise.resolve();
  };
  const shown = show(BUNDLE, { display, settleMs: 30 }).then(() => events.push("resolved"));
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(events, ["display three deploys"], "still settling after 5 ms");
  await shown;
  assert.deepEqual(events, ["display three deploys", "resolved"]);
});

Deno.test("show awaits the display itself before settling", async () => {
  let delivered = false;
  const display = () =>
    new Promise<void>((resolve) => setTimeout(() => resolve(void (delivered = true)), 10));
  await show(BUNDLE, { display, settleMs: 0 });
  assert.ok(delivered);
});

Deno.test("outside the kernel there is no kernel display, and show prints the plain text", async () => {
  assert.equal(kernelDisplay(), null);
  const printed: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(...args);
  try {
    await show(BUNDLE);
  } finally {
    console.log = log;
  }
  assert.deepEqual(printed, ["three deploys"]);
});
