/**
 * Headless Chromium driven over the DevTools protocol, for tests that must see what a page really
 * draws: open a file, measure elements, take PNG screenshots, print to PDF.
 *
 * Chromium listens on 127.0.0.1 only (a random port it picks itself), with a fresh profile that is
 * removed afterwards, so the test task needs just `--allow-net=127.0.0.1`. The page may have no
 * script of its own: `evaluate` runs in the page through the protocol.
 *
 * @example
 * ```ts ignore
 * import { withChromium } from "./headless_chromium.ts";
 * const width = await withChromium(async (page) => {
 *   await page.open("file:///tmp/handout.html", { width: 1000, height: 800 });
 *   return page.evaluate<number>("document.documentElement.scrollWidth");
 * });
 * ```
 * @module
 */
import { Buffer } from "node:buffer";

function decodeBase64(data: string): Uint8Array {
  return new Uint8Array(Buffer.from(data, "base64"));
}

export const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

/** Whether Chromium can be started here. */
export async function chromiumAvailable(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(CHROMIUM, {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return success;
  } catch {
    return false;
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Page {
  /** Loads `url` in a viewport of the given size and waits for the load event. */
  open(url: string, viewport: { width: number; height: number }): Promise<void>;
  /** Evaluates an expression in the page and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Emulates `print` or `screen` media. */
  media(media: "print" | "screen"): Promise<void>;
  /** A PNG of the whole page at 1 CSS px per pixel. */
  screenshot(): Promise<Uint8Array>;
  /** A PDF of the page on a paper size in inches. */
  pdf(paper: { width: number; height: number }): Promise<Uint8Array>;
}

async function waitForPort(
  profile: string,
  child: Deno.ChildProcess,
): Promise<{ port: number; path: string }> {
  const file = `${profile}/DevToolsActivePort`;
  let exited = false;
  child.status.then(() => exited = true);
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const [port, path] = Deno.readTextFileSync(file).trim().split("\n");
      if (port && path) return { port: Number(port), path };
    } catch { /* not written yet */ }
    if (exited) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${CHROMIUM} did not open its DevTools port (exited: ${exited})`);
}

class DevToolsConnection {
  #socket: WebSocket;
  #nextId = 1;
  #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  #listeners: { method: string; resolve: () => void }[] = [];

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(`DevTools: ${JSON.stringify(message.error)}`));
        else pending?.resolve(message.result);
      } else {
        this.#listeners = this.#listeners.filter((listener) => {
          if (listener.method !== message.method) return true;
          listener.resolve();
          return false;
        });
      }
    };
  }

  static async connect(url: string): Promise<DevToolsConnection> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
    return new DevToolsConnection(socket);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.#nextId++;
    this.#socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) =>
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
    );
  }

  once(method: string): Promise<void> {
    return new Promise((resolve) => this.#listeners.push({ method, resolve }));
  }

  async close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.#socket.onclose = resolve);
    this.#socket.close();
    await closed;
  }
}

/** Starts Chromium, gives `use` a page, and always shuts Chromium down and removes its profile. */
export async function withChromium<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const profile = await Deno.makeTempDir({ prefix: "dora-chromium-" });
  const child = new Deno.Command(CHROMIUM, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--hide-scrollbars",
      "--no-first-run",
      "--font-render-hinting=none",
      `--user-data-dir=${profile}`,
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      "about:blank",
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let connection: DevToolsConnection | null = null;
  try {
    const { port } = await waitForPort(profile, child);
    const targets: { type: string; webSocketDebuggerUrl: string }[] =
      await (await fetch(`http://127.0.0.1:${port}/json/list`))
        .json();
    const target = targets.find((candidate) => candidate.type === "page");
    if (!target) throw new Error("Chromium has no page target");
    const devtools = connection = await DevToolsConnection.connect(target.webSocketDebuggerUrl);
    await devtools.send("Page.enable");
    const page: Page = {
      async open(url, viewport) {
        await devtools.send("Emulation.setDeviceMetricsOverride", {
          ...viewport,
          deviceScaleFactor: 1,
          mobile: false,
        });
        const loaded = devtools.once("Page.loadEventFired");
        await devtools.send("Page.navigate", { url });
        await loaded;
      },
      async evaluate<T>(expression: string) {
        const { result, exceptionDetails } = await devtools.send<
          { result: { value: T }; exceptionDetails?: unknown }
        >("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
        if (exceptionDetails) throw new Error(`in the page: ${JSON.stringify(exceptionDetails)}`);
        return result.value;
      },
      async media(media) {
        await devtools.send("Emulation.setEmulatedMedia", { media });
      },
      async screenshot() {
        const size = await page.evaluate<{ width: number; height: number }>(
          "({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })",
        );
        const { data } = await devtools.send<{ data: string }>("Page.captureScreenshot", {
          format: "png",
          captureBeyondViewport: true,
          clip: { x: 0, y: 0, width: size.width, height: size.height, scale: 1 },
        });
        return decodeBase64(data);
      },
      async pdf(paper) {
        const { data } = await devtools.send<{ data: string }>("Page.printToPDF", {
          paperWidth: paper.width,
          paperHeight: paper.height,
          preferCSSPageSize: true,
          printBackground: true,
        });
        return decodeBase64(data);
      },
    };
    return await use(page);
  } finally {
    await connection?.close();
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
