import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests that start the bot as `npm start` does run its bundle (dist/bot,
// scripts/build-bot.mjs): built here once, before any test file, so parallel
// tests never race to build it. Incremental: a few ms when nothing changed.

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-bot.mjs'], { cwd: ROOT, stdio: 'inherit', timeout: 120_000 });
}
