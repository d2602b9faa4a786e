import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { formatProblem } from '../sources/digest/digest-types.js';
import { DIGEST_FILE } from '../sources/digest/load-digest-dir.js';
import { readDigestFile } from '../sources/digest/read-digest-file.js';

// `npm run ingest -- <file>`: validates a digest file, prints what it holds,
// and copies it into the digest folder, where a running paperbot picks it up.
// The copy is written under a hidden temporary name and renamed into place,
// so the bot never sees half a file.

async function main(argv: string[]): Promise<number> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env
  }
  const config = loadConfig(process.env);
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write('usage: npm run ingest -- <digest file>\n');
    return 2;
  }
  const digest = await readDigestFile(file, { now: new Date() });
  for (const p of digest.problems) process.stdout.write(`${formatProblem(p)}\n`);
  const papers = digest.sections.reduce((n, s) => n + s.papers.length, 0);
  for (const s of digest.sections) {
    process.stdout.write(`${s.date}: ${s.papers.length} papers${s.papers[0] ? `, #1 "${s.papers[0].title}"` : ''}\n`);
  }
  if (papers === 0) {
    process.stdout.write(`Nothing to ingest: ${digest.file} has no papers that could be read. Not copied.\n`);
    return 1;
  }
  const name = DIGEST_FILE.test(basename(file)) ? basename(file) : `${basename(file)}.txt`;
  const target = join(config.DIGEST_DIR, name);
  const exists = await stat(target).then(() => true, () => false);
  await mkdir(config.DIGEST_DIR, { recursive: true });
  const tmp = join(config.DIGEST_DIR, `.${name}.${process.pid}.tmp`);
  try {
    await copyFile(file, tmp);
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  process.stdout.write(
    `${exists ? 'Replaced' : 'Copied'} ${target}: ${papers} papers over ${digest.sections.length} ${digest.sections.length === 1 ? 'day' : 'days'}. ` +
      `A running paperbot picks it up within ${config.DIGEST_POLL_SECONDS} s.\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `paperbot ingest: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof ConfigError ? 2 : 1;
  },
);
