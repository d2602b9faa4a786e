// Builds what `npm start` runs: src/main.ts and the fold worker
// (src/library/fold-worker.ts, a worker_threads entry that library-index.ts
// finds beside the module that starts it) bundled by esbuild into dist/bot/,
// with source maps. Running TypeScript through tsx at every start cost 27-34 MB
// and 0.3 s (issue 19); a bundle is one file to parse instead of 130.
//
// Incremental: esbuild's metafile lists every input; when none is newer than
// the last build, nothing is done (a few ms), so `prestart` can run it on
// every start. Packages stay external (native better-sqlite3, pg, Bolt,
// discord.js: loaded from node_modules as before), and code splitting keeps
// the dynamic imports of the Slack and Discord adapters lazy: in one ESM file,
// their static imports of Bolt and discord.js would be hoisted and loaded at
// every start.
//
// Files are written under a temporary name and renamed, so a bot starting
// while another build runs (parallel tests) never reads half a file.
//
// node scripts/build-bot.mjs [--force]

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT_DIR = join(ROOT, 'dist', 'bot');
const META = join(OUT_DIR, 'meta.json');
/** Inputs esbuild does not list that change the output all the same. */
const CONFIG_INPUTS = ['package.json', 'tsconfig.json', 'scripts/build-bot.mjs'];

/** True when a build exists and no input changed since (by modification time). */
function upToDate() {
  let meta;
  let built;
  try {
    meta = JSON.parse(readFileSync(META, 'utf8'));
    built = statSync(META).mtimeMs;
  } catch {
    return false;
  }
  try {
    for (const output of Object.keys(meta.outputs)) statSync(join(ROOT, output));
    for (const input of [...Object.keys(meta.inputs), ...CONFIG_INPUTS]) if (statSync(join(ROOT, input)).mtimeMs > built) return false;
  } catch {
    return false; // an input or an output is gone
  }
  return true;
}

/** Builds dist/bot unless it is up to date; resolves with what was done. */
export async function buildBot({ force = false } = {}) {
  if (!force && upToDate()) return { built: false, ms: 0 };
  const started = performance.now();
  // Imported here: the check above is all most starts need.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/main.ts', 'fold-worker': 'src/library/fold-worker.ts' },
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    // Stack traces name src/ files and lines; the sources themselves are in the checkout.
    sourcesContent: false,
    chunkNames: 'chunk-[hash]',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(OUT_DIR, { recursive: true });
  const written = new Set();
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
    written.add(resolve(file.path));
  }
  // Chunks of earlier builds are dropped (their names hold their content's hash).
  for (const name of readdirSync(OUT_DIR)) {
    const path = join(OUT_DIR, name);
    if (!written.has(path) && name !== 'meta.json' && !name.endsWith('.tmp')) rmSync(path, { force: true });
  }
  const temp = `${META}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(result.metafile));
  renameSync(temp, META); // last: its time stamps the build
  return { built: true, ms: performance.now() - started, outputs: result.outputFiles.map((f) => relative(ROOT, f.path)) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { built, ms } = await buildBot({ force: process.argv.includes('--force') });
  if (built) process.stderr.write(`paperbot: built dist/bot in ${Math.round(ms)} ms\n`);
}
