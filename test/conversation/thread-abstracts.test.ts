import { describe, expect, it } from 'vitest';
import { RecipientGoneError } from '../../src/adapter.js';
import { createPaperBot } from '../../src/commands/answer.js';
import { replyActions } from '../../src/conversation/actions.js';
import { FAILURE_TEXT, failureText, postFailure, type PlatformFaults } from '../../src/conversation/failures.js';
import { ABSTRACT_ALREADY_IN_THREAD } from '../../src/conversation/thread-abstracts.js';
import { memoryOnceKeys } from '../../src/store/once-keys.js';
import { sampleLibrary } from '../helpers/sample.js';

const context = { channel: 'test:room-1', user: 'reader' };

async function firstAbstractId(bot: ReturnType<typeof createPaperBot>) {
  const shown = await bot.handle({ kind: 'command', text: 'sparse autoencoders', context });
  return replyActions(shown.reply).papers[0]!.actions.find((a) => a.kind === 'abstract')!.id;
}

describe('an abstract once per thread, decided by the core', () => {
  it('places the first ask in the thread and tells a second one, by menu or by mention, that it is there', async () => {
    const bot = createPaperBot(sampleLibrary());
    const id = await firstAbstractId(bot);
    const thread = { id: '1700000000.000100' };
    expect(await bot.handle({ kind: 'action', id, context, threadable: true, thread })).toMatchObject({ placement: 'thread', visibility: 'public', reply: { kind: 'abstract' } });
    const again = await bot.handle({ kind: 'action', id, context: { ...context, user: 'someone-else' }, threadable: true, thread });
    expect(again).toMatchObject({ placement: 'reply', visibility: 'asker', reply: { kind: 'info', title: ABSTRACT_ALREADY_IN_THREAD } });
    expect(again.deliveryFailed).toBeUndefined();
    // Another thread, or the same thread seen as a channel of its own with its parent named: each its own claim, or the same.
    expect((await bot.handle({ kind: 'action', id, context, threadable: true, thread: { id: 'other' } })).placement).toBe('thread');
    const inside = await bot.handle({ kind: 'action', id, context: { ...context, channel: 'test:thread-9' }, threadable: true, thread: { ...thread, channel: 'test:room-1' } });
    expect(inside.reply).toMatchObject({ kind: 'info', title: ABSTRACT_ALREADY_IN_THREAD });
  });

  it('frees the claim when the adapter could not deliver, so asking again posts it', async () => {
    const bot = createPaperBot(sampleLibrary());
    const id = await firstAbstractId(bot);
    const thread = { id: 't1' };
    const failed = await bot.handle({ kind: 'action', id, context, threadable: true, thread });
    await failed.deliveryFailed!();
    expect((await bot.handle({ kind: 'action', id, context, threadable: true, thread })).placement).toBe('thread');
  });

  it('asks the thread itself only when no claim says so (after a restart), and shares claims through the once-keys', async () => {
    const keys = memoryOnceKeys();
    const before = createPaperBot(sampleLibrary(), { threadAbstracts: keys });
    const id = await firstAbstractId(before);
    let probes = 0;
    const thread = { id: 't2', holdsAbstract: async () => (probes++, true) };
    // A thread that already holds it (the daily post wrote it): told so, once the probe says it.
    expect((await before.handle({ kind: 'action', id, context, threadable: true, thread })).reply).toMatchObject({ kind: 'info' });
    expect(probes).toBe(1);
    // A restarted bot over the same keys: the claim answers, the thread is not read again.
    const after = createPaperBot(sampleLibrary(), { threadAbstracts: keys });
    expect((await after.handle({ kind: 'action', id, context, threadable: true, thread })).reply).toMatchObject({ kind: 'info' });
    expect(probes).toBe(1);
    // A probe that fails counts as "not there": a duplicate beats silence.
    const failing = { id: 't3', holdsAbstract: () => Promise.reject(new Error('cannot read the thread')) };
    expect((await after.handle({ kind: 'action', id, context, threadable: true, thread: failing })).placement).toBe('thread');
  });
});

describe('delivery failures, meant once for every platform', () => {
  const faults: PlatformFaults = {
    platform: 'test',
    classify: (err) => {
      const code = err instanceof Error ? err.message : '';
      return { gone: code === 'gone' || code === 'removed', ...(code === 'removed' ? { fix: 'invite' as const } : code === 'forbidden' ? { fix: 'permission' as const } : {}), detail: code };
    },
    invite: 'Invite me with /add',
    permissions: 'Post',
  };

  it('tells the asker what they can do about it, else the generic text', () => {
    expect(failureText(faults, new Error('removed'))).toBe('I am not in this channel, so I cannot reply in its threads. Invite me with /add and try again.');
    expect(failureText(faults, new Error('forbidden'))).toBe('I lack a permission here (Post). Ask an admin to grant it.');
    expect(failureText(faults, new Error('timeout'))).toBe(FAILURE_TEXT);
  });

  it('turns "never again" into RecipientGoneError (the follow is dropped) and leaves the rest to be retried', () => {
    const gone = postFailure(faults, 'C1', new Error('gone'));
    expect(gone).toBeInstanceOf(RecipientGoneError);
    expect((gone as Error).message).toBe('test: cannot post to C1 any more (gone)');
    const other = new Error('timeout');
    expect(postFailure(faults, 'C1', other)).toBe(other);
  });
});
