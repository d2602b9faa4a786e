import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

// Real full and read-only file systems for tests: a small tmpfs, mounted for
// one test and unmounted after it. Mounting needs root (CAP_SYS_ADMIN); tests
// that need it skip elsewhere, saying why.

/** Whether this process may mount a tmpfs (tried once, on a scratch folder). */
export const CAN_MOUNT: boolean = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

/** Whether this process may run a child as another user (to meet EACCES, which root never does). */
export const CAN_SWITCH_USER: boolean = process.platform === 'linux' && process.getuid?.() === 0;

/** A fresh tmpfs of `size` (e.g. "512k") per call, unmounted and removed after the test. */
export function useTmpfs(): (size: string, opts?: { readOnly?: boolean }) => string {
  const mounted: string[] = [];
  afterEach(() => {
    for (const dir of mounted.splice(0)) {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
  return (size, opts = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'paperbot-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${opts.readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'ignore' });
    mounted.push(dir);
    return dir;
  };
}
