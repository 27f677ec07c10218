/**
 * Writing output so that a run never leaves a half-written set, even when it is killed.
 *
 * {@link writeOutputSet} writes the whole set into a fresh sibling folder (`.out.staging-<pid>`
 * beside `out`), renames it to `.out.next` once every file is in it, then moves the old folder
 * aside (`.out.previous`), renames `.out.next` to `out`, and removes the old folder. Files of the old
 * folder that the new set does not replace (a handout, `rejected.csv`, your notes) are carried
 * over as hard links, so they stay. A run killed at any point leaves either the complete old set
 * or the complete new set: the next run first finishes or undoes a swap it finds half done
 * ({@link recoverOutputSet}) and removes stale staging folders. For a moment between the two
 * renames `out` does not exist; a reader then sees no set rather than a mixed one.
 *
 * An output folder holds files only. A folder inside it (say one named like a chart), the folder
 * you are in, and a symbolic link to nothing are refused with one line before anything is
 * written; `--out` may be a symbolic link to a folder, whose target is then replaced. Two runs
 * writing the same folder at the same time are not supported: the later one may fail, but the
 * folder still holds a complete set.
 *
 * {@link writeFileAtomically} writes a single file (the handout, `--rejected FILE`) under a
 * temporary name beside it and renames it into place, leaving the rest of its folder alone.
 *
 * @module
 */
import { basename, dirname, join, resolve, sep } from "node:path";

/** One file of an output set. */
export interface OutputFile {
  /** The file's name inside the output folder: no folders, not `.` or `..`. */
  name: string;
  /** The file's text, written as UTF-8. */
  content: string;
}

/** Why an output set could not be written, in one line (the old set is untouched). */
export class OutputSetError extends Error {
  /** `message` is one line that names the problem and, where it helps, what to do. */
  constructor(message: string) {
    super(message);
    this.name = "OutputSetError";
  }
}

/**
 * The steps of committing a set, in order: `writing` (the staging folder holds the first file),
 * `sealing` (staging → `.next`), `setting-aside` (old folder → `.previous`), `swapping` (`.next` →
 * the folder), `cleaning` (removing `.previous`).
 */
export type CommitStep = "writing" | "sealing" | "setting-aside" | "swapping" | "cleaning";

/** For tests: what {@link writeOutputSet} does besides writing. */
export interface OutputSetOptions {
  /** Called just before each step of the commit, e.g. to stop the process there. */
  beforeStep?: (step: CommitStep) => void;
}

/** The sibling names an output folder's commit uses. */
interface SetPaths {
  /** The folder the set lives in (a symbolic link's target, resolved). */
  folder: string;
  /** A staging folder's name starts with this, followed by the writer's pid. */
  stagingPrefix: string;
  /** The complete new set, waiting to be swapped in. */
  next: string;
  /** The old set while it is set aside. */
  previous: string;
}

/** Leftovers of a single-file write: `report.html.partial-1234`. */
const PARTIAL_FILE = /\.partial-\d+$/;

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0];
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** Where the set goes: `dir` resolved (its parent created if needed), refused if it is no folder. */
function setPaths(dir: string): SetPaths {
  const absolute = resolve(dir);
  let folder: string;
  let info: Deno.FileInfo | null = null;
  try {
    info = Deno.lstatSync(absolute);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw new OutputSetError(oneLine(error));
  }
  if (info?.isSymlink) {
    try {
      folder = Deno.realPathSync(absolute);
      info = Deno.statSync(folder);
    } catch {
      throw new OutputSetError(`${dir} is a symbolic link to a path that does not exist`);
    }
  } else {
    const parent = dirname(absolute);
    try {
      Deno.mkdirSync(parent, { recursive: true });
      folder = join(Deno.realPathSync(parent), basename(absolute));
    } catch (error) {
      throw new OutputSetError(oneLine(error));
    }
  }
  if (info && !info.isDirectory) throw new OutputSetError(`${dir} is a file, not a folder`);
  if (dirname(folder) === folder) throw new OutputSetError(`${dir} is the root folder`);
  const here = Deno.cwd();
  if (here === folder || here.startsWith(folder + sep)) {
    throw new OutputSetError(`${dir} holds the folder you are in; choose a folder for output only`);
  }
  const parent = dirname(folder);
  const name = basename(folder);
  return {
    folder,
    stagingPrefix: `.${name}.staging-`,
    next: join(parent, `.${name}.next`),
    previous: join(parent, `.${name}.previous`),
  };
}

/**
 * Finishes or undoes a commit that a killed run left half done, and removes stale staging folders:
 * afterwards `paths.folder` holds one complete set (or does not exist, if it never did).
 */
function recover(paths: SetPaths): void {
  if (!exists(paths.folder)) {
    // Killed between the two renames: the new set was complete, so it takes the folder's place.
    if (exists(paths.next)) Deno.renameSync(paths.next, paths.folder);
    else if (exists(paths.previous)) Deno.renameSync(paths.previous, paths.folder);
  }
  // A set that was never swapped in belongs to a run that did not finish: the old set stays.
  removeIfPresent(paths.next);
  removeIfPresent(paths.previous);
  for (const entry of Deno.readDirSync(dirname(paths.folder))) {
    if (entry.name.startsWith(paths.stagingPrefix)) {
      removeIfPresent(join(dirname(paths.folder), entry.name));
    }
  }
}

/**
 * Brings an output folder back to one complete set after a run was killed while writing it, and
 * removes the leftovers of that run. {@link writeOutputSet} does this first; call it to read a
 * folder that a killed run may have left.
 *
 * @example A set that was sealed but never swapped in is dropped
 * ```ts
 * import assert from "node:assert/strict";
 * import { recoverOutputSet } from "./write_outputs.ts";
 * const parent = Deno.makeTempDirSync();
 * Deno.mkdirSync(`${parent}/out`);
 * Deno.writeTextFileSync(`${parent}/out/report.html`, "old");
 * Deno.mkdirSync(`${parent}/.out.next`);
 * Deno.writeTextFileSync(`${parent}/.out.next/report.html`, "new");
 * recoverOutputSet(`${parent}/out`);
 * assert.equal(Deno.readTextFileSync(`${parent}/out/report.html`), "old");
 * assert.deepEqual([...Deno.readDirSync(parent)].map((entry) => entry.name), ["out"]);
 * ```
 */
export function recoverOutputSet(dir: string): void {
  const paths = setPaths(dir);
  try {
    recover(paths);
  } catch (error) {
    throw new OutputSetError(oneLine(error));
  }
}

/** Old entries the new set keeps; refuses a folder that holds anything but files and links. */
function keptEntries(folder: string, files: readonly OutputFile[]): Deno.DirEntry[] {
  if (!exists(folder)) return [];
  const replaced = new Set(files.map((file) => file.name));
  const kept: Deno.DirEntry[] = [];
  for (const entry of Deno.readDirSync(folder)) {
    if (!entry.isFile && !entry.isSymlink) {
      const what = entry.isDirectory ? "a folder" : "neither a file nor a folder";
      throw new OutputSetError(
        `${entry.name} in it is ${what}; an output folder holds files only: move it elsewhere`,
      );
    }
    if (!replaced.has(entry.name) && !PARTIAL_FILE.test(entry.name)) kept.push(entry);
  }
  return kept;
}

/** Carries an old file over into the new set: a hard link, or a copy where links fail. */
function carryOver(entry: Deno.DirEntry, { from, to }: { from: string; to: string }): void {
  const source = join(from, entry.name);
  const target = join(to, entry.name);
  if (entry.isSymlink) {
    Deno.symlinkSync(Deno.readLinkSync(source), target);
    return;
  }
  try {
    Deno.linkSync(source, target);
  } catch {
    Deno.copyFileSync(source, target);
  }
}

function checkNames(files: readonly OutputFile[]): void {
  for (const { name } of files) {
    if (!name || name === "." || name === ".." || /[/\\]/.test(name)) {
      throw new Error(`an output file needs a plain file name, got ${JSON.stringify(name)}`);
    }
  }
}

/**
 * Replaces the output set in `dir` (created if needed) with `files`, all or nothing, and returns
 * their paths. Files already in `dir` that the set does not name are kept. Throws an
 * {@link OutputSetError} (one line; the old set untouched) when the set cannot be written.
 *
 * @example A second run replaces the report and keeps a file of yours
 * ```ts
 * import assert from "node:assert/strict";
 * import { join } from "node:path";
 * import { writeOutputSet } from "./write_outputs.ts";
 * const parent = Deno.makeTempDirSync();
 * const out = join(parent, "out");
 * writeOutputSet(out, [{ name: "report.html", content: "v1" }, { name: "a.svg", content: "<svg/>" }]);
 * Deno.writeTextFileSync(join(out, "notes.txt"), "mine");
 * const written = writeOutputSet(out, [{ name: "report.html", content: "v2" }]);
 * assert.deepEqual(written, [join(out, "report.html")]);
 * assert.equal(Deno.readTextFileSync(written[0]), "v2");
 * assert.deepEqual([...Deno.readDirSync(out)].map((entry) => entry.name).sort(), ["a.svg", "notes.txt", "report.html"]);
 * assert.deepEqual([...Deno.readDirSync(parent)].map((entry) => entry.name), ["out"]);
 * ```
 *
 * @example A folder where a file of the set goes: one line, and nothing changes
 * ```ts
 * import assert from "node:assert/strict";
 * import { OutputSetError, writeOutputSet } from "./write_outputs.ts";
 * const out = Deno.makeTempDirSync();
 * Deno.mkdirSync(`${out}/report.html`);
 * assert.throws(
 *   () => writeOutputSet(out, [{ name: "report.html", content: "v1" }]),
 *   new OutputSetError("report.html in it is a folder; an output folder holds files only: move it elsewhere"),
 * );
 * assert.ok(Deno.statSync(`${out}/report.html`).isDirectory);
 * ```
 */
export function writeOutputSet(
  dir: string,
  files: readonly OutputFile[],
  { beforeStep = () => {} }: OutputSetOptions = {},
): string[] {
  checkNames(files);
  const paths = setPaths(dir);
  const { folder } = paths;
  const staging = join(dirname(folder), `${paths.stagingPrefix}${Deno.pid}`);
  let swapping = false;
  try {
    recover(paths);
    const kept = keptEntries(folder, files);
    const old = exists(folder) ? Deno.statSync(folder) : null;
    Deno.mkdirSync(staging);
    if (old?.mode != null && Deno.build.os !== "windows") {
      Deno.chmodSync(staging, old.mode & 0o7777);
    }
    files.forEach((file, index) => {
      Deno.writeTextFileSync(join(staging, file.name), file.content);
      if (index === 0) beforeStep("writing");
    });
    for (const entry of kept) carryOver(entry, { from: folder, to: staging });
    beforeStep("sealing");
    Deno.renameSync(staging, paths.next);
    if (old) {
      beforeStep("setting-aside");
      Deno.renameSync(folder, paths.previous);
    }
    swapping = true;
    beforeStep("swapping");
    Deno.renameSync(paths.next, folder);
    swapping = false;
  } catch (error) {
    // Put the old set back if it was set aside, and drop what this run wrote.
    try {
      if (swapping && !exists(folder) && exists(paths.previous)) {
        Deno.renameSync(paths.previous, folder);
      }
      removeIfPresent(paths.next);
      removeIfPresent(staging);
    } catch { /* the next run's recovery finishes the job */ }
    throw error instanceof OutputSetError ? error : new OutputSetError(oneLine(error));
  }
  beforeStep("cleaning");
  try {
    removeIfPresent(paths.previous);
  } catch { /* the new set is in place; the next run removes the old one */ }
  return files.map((file) => join(dir, file.name));
}

/**
 * Writes one file atomically: under a temporary name beside `path` (its folder created if needed),
 * then renamed into place, so a reader sees the old file or the new one, never half of it. Other
 * files in the folder are left alone; stale temporary files of the same name are removed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFileAtomically } from "./write_outputs.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/rejected.csv.partial-99999999`, "stale");
 * Deno.writeTextFileSync(`${dir}/notes.txt`, "mine");
 * writeFileAtomically(`${dir}/rejected.csv`, "file,line,reason\r\n");
 * assert.equal(Deno.readTextFileSync(`${dir}/rejected.csv`), "file,line,reason\r\n");
 * assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), ["notes.txt", "rejected.csv"]);
 * ```
 */
export function writeFileAtomically(path: string, content: string): void {
  const folder = dirname(resolve(path));
  Deno.mkdirSync(folder, { recursive: true });
  const stale = `${basename(path)}.partial-`;
  for (const entry of Deno.readDirSync(folder)) {
    if (entry.isFile && entry.name.startsWith(stale) && PARTIAL_FILE.test(entry.name)) {
      removeIfPresent(join(folder, entry.name));
    }
  }
  const temporary = `${resolve(path)}.partial-${Deno.pid}`;
  try {
    Deno.writeTextFileSync(temporary, content);
    Deno.renameSync(temporary, resolve(path));
  } catch (error) {
    removeIfPresent(temporary);
    throw error;
  }
}
