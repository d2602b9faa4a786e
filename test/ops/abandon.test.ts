import { describe, expect, it } from 'vitest';
import { abandonable, AbandonedError, linkSignals } from '../../src/ops/abandon.js';

describe('abandoning work in flight', () => {
  it('passes a result or an error through, and rejects at once when the signal aborts first', async () => {
    const shutdown = new AbortController();
    await expect(abandonable(Promise.resolve(1), shutdown.signal)).resolves.toBe(1);
    await expect(abandonable(Promise.reject(new Error('500')), shutdown.signal)).rejects.toThrow('500');
    const forever = abandonable(new Promise(() => undefined), shutdown.signal, 'the daily post to slack:C1');
    shutdown.abort();
    await expect(forever).rejects.toThrow(new AbandonedError('the daily post to slack:C1'));
    await expect(abandonable(Promise.resolve(2), shutdown.signal)).rejects.toBeInstanceOf(AbandonedError);
  });

  it('links signals until disposed, leaving the long-lived one as it was', () => {
    const shutdown = new AbortController();
    const request = new AbortController();
    const first = linkSignals(request.signal, shutdown.signal, undefined);
    request.abort(new Error('timeout'));
    expect(first.signal.aborted).toBe(true);
    expect(first.signal.reason).toEqual(new Error('timeout'));
    first.dispose();

    const second = linkSignals(new AbortController().signal, shutdown.signal);
    second.dispose();
    shutdown.abort();
    expect(second.signal.aborted).toBe(false); // unlinked: the shutdown no longer reaches it

    expect(linkSignals(shutdown.signal).signal.aborted).toBe(true); // already aborted
  });
});
