import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';
import { createShutdown, type Drainable } from '../../src/ops/shutdown.js';

/** A shutdown on a fake signal source, recording what happens in order. */
function harness(deadlineMs = 1_000) {
  const signals = new EventEmitter();
  const events: string[] = [];
  let exited!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const logs: string[] = [];
  const shutdown = createShutdown({
    logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
    deadlineMs,
    exit: (code) => {
      events.push(`exit ${code}`);
      exited(code);
    },
    signals,
  });
  return { shutdown, signals, events, exit, logs };
}

/** Work in flight that finishes when told to, or when abandoned (as the daily job does). */
function work(name: string, abandon: AbortSignal, events: string[]): Drainable & { finish(): void } {
  let finish!: () => void;
  let busy = true;
  const done = new Promise<void>((resolve) => (finish = resolve)).then(() => {
    busy = false;
  });
  abandon.addEventListener('abort', () => {
    if (!busy) return;
    events.push(`${name} abandoned`);
    finish();
  });
  return { idle: () => done, pending: () => (busy ? [name] : []), finish };
}

describe('shutdown', () => {
  it('stops intake, lets work in flight finish, closes in reverse order (the store last), and exits 0', async () => {
    const { shutdown, signals, events, exit } = harness();
    shutdown.onClose('store', async () => void events.push('store closed'));
    shutdown.onClose('adapter', async () => void events.push('adapter closed'));
    const post = work('a daily post', shutdown.abandon, events);
    shutdown.drain('daily post', post);
    shutdown.onStop('schedule', () => {
      events.push('schedule stopped');
      setTimeout(() => {
        events.push('post finished');
        post.finish();
      }, 20);
    });
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await exit).toBe(0);
    expect(events).toEqual(['schedule stopped', 'post finished', 'adapter closed', 'store closed', 'exit 0']);
    expect(shutdown.stopping.aborted).toBe(true);
  });

  it('abandons work that does not finish, says what it was, and still exits 0', async () => {
    const { shutdown, signals, events, exit, logs } = harness();
    shutdown.onClose('store', async () => void events.push('store closed'));
    shutdown.drain('daily post', work('the daily post to slack:C1 for 2026-04-22', shutdown.abandon, events));
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await exit).toBe(0);
    expect(events).toEqual(['the daily post to slack:C1 for 2026-04-22 abandoned', 'store closed', 'exit 0']);
    expect(logs.join('\n')).toContain('shutdown: still in flight: the daily post to slack:C1 for 2026-04-22; abandoning it');
  });

  it('does not wait for a close step that hangs', async () => {
    const { shutdown, signals, events, exit, logs } = harness();
    shutdown.onClose('store', async () => void events.push('store closed'));
    shutdown.onClose('gateway', () => new Promise(() => undefined));
    signals.emit('SIGINT', 'SIGINT');
    expect(await exit).toBe(0);
    expect(events).toEqual(['store closed', 'exit 0']);
    expect(logs.join('\n')).toMatch(/the gateway did not close within \d+ ms; leaving it/);
  });

  it('exits at once on a second signal, naming what was still pending', async () => {
    const { shutdown, signals, exit, logs } = harness(60_000);
    shutdown.drain('daily post', work('the daily post to discord:1', shutdown.abandon, []));
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await exit).toBe(143);
    expect(logs.join('\n')).toContain('shutdown: second SIGTERM; exiting now (still pending: the daily post to discord:1)');
    shutdown.dispose();
  });

  it('runs once, however often it is asked, with the first caller\'s exit code', async () => {
    const { shutdown, exit, events } = harness();
    const first = shutdown.run('could not start', { code: 1, quiet: true });
    expect(shutdown.run('end of input')).toBe(first);
    expect(await exit).toBe(1);
    await first;
    expect(events).toEqual(['exit 1']);
  });
});
