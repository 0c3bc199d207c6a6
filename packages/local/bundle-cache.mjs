/* global process, performance */
/**
 * A program run from one esbuild bundle, cached on disk and rebuilt as soon as anything it was
 * built from changed. `npm start` runs the local runtime this way (start.mjs): tsx compiled every
 * file and Node resolved hundreds of SDK modules one by one at each start. Plain JavaScript, so
 * that a warm start needs no compiler at all.
 *
 * The bundle's last line lists every file it came from (esbuild's metafile, plus what decides how
 * imports resolve) with its size and change times; the bundle runs only if they all still match.
 * ctime moves on every write and cannot be set back by hand (mtime can), so an edit, a checkout or
 * an `npm ci` always shows. Bundle and list are one file, replaced in one rename: they never
 * disagree, even with two starts at once.
 */
import { Buffer } from 'node:buffer';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const inputsPrefix = '//# entraide-bundle-inputs ';
/** A file written this close to the build's start may have changed after esbuild read it (clock coarseness). */
const settleMs = 100;

/** @param {string} path @returns {[number, number, number] | null} */
function fingerprint(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats ? [stats.size, stats.mtimeMs, stats.ctimeMs] : null;
}

/** The file's last MB or less, where its list of inputs is: the bundle itself is Node's to read. */
function readTail(path, bytes = 1024 * 1024) {
  const descriptor = openSync(path, 'r');
  try {
    const length = Math.min(bytes, fstatSync(descriptor).size);
    const tail = Buffer.alloc(length);
    readSync(descriptor, tail, 0, length, fstatSync(descriptor).size - length);
    return tail.toString('utf8');
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Why the cached bundle cannot run, or null when it can.
 * @param {{ root: string, outFile: string }} options
 * @returns {string | null}
 */
function staleReason({ root, outFile }) {
  let text;
  try {
    text = readTail(outFile);
  } catch {
    return 'no bundle yet';
  }
  const at = text.lastIndexOf(`\n${inputsPrefix}`);
  if (at < 0) return 'the bundle lists no inputs';
  /** @type {{ root: string, inputs: Record<string, [number, number, number]> }} */
  const listed = JSON.parse(text.slice(at + 1 + inputsPrefix.length));
  if (listed.root !== root) return `built for ${listed.root}`;
  for (const [path, expected] of Object.entries(listed.inputs)) {
    const actual = fingerprint(resolve(root, path));
    if (actual === null || actual.some((value, index) => value !== expected[index])) return `${path} changed`;
  }
  return null;
}

/**
 * Builds the bundle (esbuild, loaded only then) and writes it with its inputs. A file that changed
 * while esbuild ran makes it build again; if that keeps happening, the bundle is written without its
 * list, so the next start builds anew.
 * @param {{ root: string, outFile: string, extraInputs?: string[], buildOptions: import('esbuild').BuildOptions }} options
 */
async function buildBundle({ root, outFile, extraInputs = [], buildOptions }) {
  const { build } = await import('esbuild');
  for (let attempt = 1; ; attempt++) {
    const startedAt = Date.now();
    const result = await build({ ...buildOptions, absWorkingDir: root, outfile: outFile, metafile: true, write: false });
    const paths = [...Object.keys(result.metafile.inputs), ...extraInputs].map((path) => (isAbsolute(path) ? path : resolve(root, path)));
    /** @type {Record<string, [number, number, number]>} */
    const inputs = {};
    let settled = true;
    for (const path of paths) {
      const print = fingerprint(path);
      if (print === null || print[2] >= startedAt - settleMs) settled = false;
      if (print !== null) inputs[relative(root, path)] = print;
    }
    if (!settled && attempt < 3) continue;
    mkdirSync(dirname(outFile), { recursive: true });
    for (const file of result.outputFiles) {
      const list = file.path === outFile && settled ? `\n${inputsPrefix}${JSON.stringify({ root, inputs })}\n` : '';
      // Renamed into place: a start running at the same moment reads the old file or the new one, never half of one.
      const temporary = `${file.path}.${process.pid}.tmp`;
      writeFileSync(temporary, list ? Buffer.concat([file.contents, Buffer.from(list)]) : file.contents);
      renameSync(temporary, file.path);
    }
    return;
  }
}

/**
 * Runs the bundle, after building it if any of its inputs changed.
 * @param {{ root: string, outFile: string, extraInputs?: string[], buildOptions: import('esbuild').BuildOptions, onBuild?: (reason: string) => void }} options
 */
export async function runBundled(options) {
  const reason = staleReason(options);
  if (reason !== null) {
    options.onBuild?.(reason);
    await buildBundle(options);
  }
  performance.mark('entraide:bundle-ready');
  return import(pathToFileURL(options.outFile).href);
}
