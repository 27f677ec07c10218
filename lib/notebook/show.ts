/**
 * Shows a MIME bundle as a notebook output, then waits a moment so the Deno kernel has really sent
 * it before the cell ends.
 *
 * Why the wait: the Deno kernel can publish a cell's outputs after it has reported the cell "idle",
 * and nbconvert (and sometimes a live frontend) stops listening at idle, so the output is lost. A
 * short pause after the awaited display lets the message leave first. Cells that show things end
 * with `;` so they have no execute_result of their own, which would race the same way. The handout's
 * executor (`notebooks/tools/execute_notebook.py`) also keeps listening after idle: either fix alone
 * brought the measured loss to zero, together they leave no gap.
 *
 * Outside the kernel (`deno run`, tests) `Deno.jupyter` does not exist; `show` then prints the
 * bundle's `text/plain`, so notebook code also runs as a plain script.
 *
 * @module
 */

/** A notebook output: MIME type → content. `text/plain` is the fallback every frontend can show. */
export interface MimeBundle {
  "text/plain": string;
  "text/html"?: string;
}

/** Sends a bundle to the frontend. */
export type Display = (bundle: MimeBundle) => Promise<void>;

export interface ShowOptions {
  /** Where the bundle goes; default: the Deno kernel, or stdout outside it. */
  display?: Display;
  /** Milliseconds to wait after the display; 15–20 ms was enough in every measured run. */
  settleMs?: number;
}

export const SETTLE_MS = 20;

/** The kernel's display function, or null when not running inside `deno jupyter`. */
export function kernelDisplay(): Display | null {
  try {
    const jupyter = Deno.jupyter;
    return (bundle) => jupyter.display(bundle, { raw: true });
  } catch {
    // Deno.jupyter throws on access outside the kernel.
    return null;
  }
}

/**
 * Shows `bundle` and resolves once it has had time to reach the frontend.
 *
 * @example With a display of our own
 * ```ts
 * import assert from "node:assert/strict";
 * import { type MimeBundle, show } from "./show.ts";
 *
 * const shown: MimeBundle[] = [];
 * const bundle = { "text/plain": "hi", "text/html": "<p>hi</p>" };
 * await show(bundle, { display: (b) => Promise.resolve(void shown.push(b)), settleMs: 0 });
 * assert.deepEqual(shown, [bundle]);
 * ```
 */
export async function show(bundle: MimeBundle, options: ShowOptions = {}): Promise<void> {
  const display = options.display ?? kernelDisplay();
  if (!display) {
    console.log(bundle["text/plain"]);
    return;
  }
  await display(bundle);
  const settleMs = options.settleMs ?? SETTLE_MS;
  if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
}
