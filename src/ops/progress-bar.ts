import type { Writable } from 'node:stream';

/**
 * A progress bar for command-line tools: on a terminal, one line redrawn in
 * place (`[######----] 123/730 days · ETA 3 min`); in a pipe or a log, a line
 * at most every 10 s and at the end, so logs stay short.
 */
export function createProgressBar(out: Writable & { isTTY?: boolean }, total: number, unit: string): { tick(done: number, note?: string): void; end(note?: string): void } {
  const started = Date.now();
  let lastLine = 0;
  let done = 0;
  const render = (note?: string) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const elapsed = Date.now() - started;
    const eta = done > 0 && done < total ? ` · ETA ${duration((elapsed / done) * (total - done))}` : '';
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${unit}${eta}${note ? ` · ${note}` : ''}`;
  };
  return {
    tick(n, note) {
      done = n;
      if (out.isTTY) {
        out.write(`\r${render(note)}\u001b[K`);
      } else if (Date.now() - lastLine >= 10_000 || n === total) {
        lastLine = Date.now();
        out.write(`${render(note)}\n`);
      }
    },
    end(note) {
      if (out.isTTY) out.write(`\r${render(note)}\u001b[K\n`);
      else out.write(`${render(note)}\n`);
    },
  };
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
