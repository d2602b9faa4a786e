import { describe, expect, it } from 'vitest';
import type { PaperBotOptions } from '../../src/commands/answer.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { CHANNEL_ID, type FakeDiscord } from './fake-discord.js';
import { useDiscord } from './discord-harness.js';

// An answer that takes longer than the adapter waits before deferring (a slow
// store): Discord fixes who sees an interaction's answer at the deferral, so
// the deferral must already be private for a reading list, and an answer that
// turns out private after a public deferral must still reach only the asker.

const discord = useDiscord();
const tmp = useTmpDir();
const stores = useSqliteStores(tmp);
type Json = Record<string, unknown>;
type Store = NonNullable<PaperBotOptions['store']>;

/** The store, with `method` answering `ms` late. */
function slow(store: Store, method: keyof Store, ms: number): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        await new Promise((r) => setTimeout(r, ms));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const flags = (body: unknown) => Number((body as { flags?: number } | undefined)?.flags ?? 0);
const inChannel = (fake: FakeDiscord) => JSON.stringify(fake.messages.get(CHANNEL_ID) ?? []);

async function command(fake: FakeDiscord, text: string): Promise<Json> {
  const interaction = fake.slashCommand(text);
  const before = fake.callbacks().length;
  fake.dispatch('INTERACTION_CREATE', interaction);
  await fake.until(() => fake.callbacks()[before]);
  return interaction;
}

describe('slow answers on Discord', () => {
  it('defers a slow reading list privately: it never shows in the channel', async () => {
    const store = stores();
    const { fake } = await discord({}, { store: slow(store, 'listSaves', 1500) });
    const results = await command(fake, 'sparse autoencoders');
    await fake.until(() => fake.webhookCalls(results)[0]);
    const save = await command(fake, 'save 1');
    await fake.until(() => fake.webhookCalls(save)[0], 5000);
    const before = fake.callbacks().length;
    const saved = await command(fake, 'saved');
    const deferral = fake.callbacks()[before]!;
    expect(deferral.type).toBe(5);
    expect(flags(deferral.data) & 64).toBe(64);
    const edit = await fake.until(() => fake.webhookCalls(saved)[0], 5000);
    expect(JSON.stringify(edit.body)).toContain('Your reading list');
    expect(inChannel(fake)).not.toContain('Your reading list');
  });

  it('sends a slow answer that turns out private as a private follow-up, and deletes the public deferral', async () => {
    const store = stores();
    const { fake } = await discord({}, { store: slow(store, 'listSubscriptions', 1500) });
    const before = fake.callbacks().length;
    const asked = await command(fake, 'subscriptions');
    const deferral = fake.callbacks()[before]!;
    expect([deferral.type, flags(deferral.data) & 64]).toEqual([5, 0]);
    const token = String(asked.token);
    const deleted = await fake.until(() => fake.calls.find((c) => c.method === 'DELETE' && c.path.includes(token)), 5000);
    expect(deleted.path).toMatch(/messages\/@original$/);
    const followUp = fake.webhookCalls(asked).find((c) => c.method === 'POST');
    expect(flags(followUp?.body) & 64).toBe(64);
    expect(JSON.stringify(followUp?.body)).toContain('No channel gets the daily paper');
    expect(inChannel(fake)).not.toContain('No channel gets');
  });
});
