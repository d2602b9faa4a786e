import { describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import { createPaperBot, type PaperBot } from '../../src/commands/answer.js';
import { createLogger } from '../../src/ops/logger.js';
import { sampleLibrary } from '../helpers/sample.js';
import { until } from '../helpers/loopback.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from './fake-discord.js';
import { TOKEN, useDiscord } from './discord-harness.js';

// Faults at Discord's edge: each one hung or silently degraded the bot before.

const discord = useDiscord();
const CHANNEL_MESSAGES = new RegExp(`^/channels/${CHANNEL_ID}/messages$`);

const topPaper = async () => {
  const library = sampleLibrary();
  return (await createPaperBot(library).view(library.papersOn('2026-04-21')[0]!.paper.id))!;
};

/**
 * A bot whose work (handle, and answer, run, abstractOf) cannot finish until Discord has been answered for
 * every interaction dispatched so far: an adapter that works first and acknowledges after fails.
 */
function waitsForAcknowledgement(fake: FakeDiscord, core: PaperBot, dispatched: () => number): PaperBot {
  const acknowledged = () => until(() => fake.callbacks().length >= dispatched(), 4_000, 'an acknowledgement before the work');
  return {
    ...core,
    handle: async (event) => (await acknowledged(), core.handle(event)),
    answer: async (text, ctx) => (await acknowledged(), core.answer(text, ctx)),
    run: async (command, notes, ctx) => (await acknowledged(), core.run(command, notes, ctx)),
    abstractOf: async (id) => (await acknowledged(), core.abstractOf(id)),
  };
}

describe('Discord interactions: acknowledged within 3 seconds, before the work', () => {
  const start = async () => {
    const fake = await new FakeDiscord().start();
    const core = createPaperBot(sampleLibrary());
    let dispatched = 0;
    const adapter = createDiscordAdapter({
      bot: waitsForAcknowledgement(fake, core, () => dispatched),
      logger: createLogger({ level: 'silent' }),
      settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: fake.apiUrl, results: 'channel', register: 'off' },
      rest: { timeout: 3000, retries: 1 },
    });
    await adapter.start();
    const interact = (interaction: Record<string, unknown>) => {
      dispatched++;
      fake.dispatch('INTERACTION_CREATE', interaction);
    };
    return { fake, core, interact, stop: async () => (await adapter.stop(), await fake.stop()) };
  };

  it('defers a command whose answer is slow, then answers it', async () => {
    const { fake, interact, stop } = await start();
    try {
      interact(fake.slashCommand('sparse autoencoders'));
      const edit = await fake.until(() => fake.callsTo('PATCH', /messages\/@original$/)[0]);
      expect(fake.callbacks()[0]!.type).toBe(5);
      expect(JSON.stringify(edit.body)).toContain('Results for “sparse autoencoders”');
    } finally {
      await stop();
    }
  });

  it('defers an Abstract click before reading and rendering the abstract, and a page click before searching', async () => {
    const { fake, core, interact, stop } = await start();
    try {
      const results = fake.message(CHANNEL_ID, { embeds: [{ footer: { text: '/paper sparse autoencoders · page 1 of 2' } }] });
      fake.messages.get(CHANNEL_ID)!.push(results);
      const found = await core.answer('sparse autoencoders');
      const id = found.kind === 'results' ? found.hits[0]!.id : '';
      interact(fake.button(`abs:${id}`, results));
      await fake.until(() => fake.callsTo('PATCH', /messages\/@original$/)[0]);
      expect(fake.callbacks()[0]).toMatchObject({ type: 5, data: { flags: 64 } });
      expect(fake.threads.size).toBe(1);

      interact(fake.button('page:2', results));
      const page = await fake.until(() => fake.callsTo('PATCH', /messages\/@original$/)[1]);
      expect(fake.callbacks()[1]!.type).toBe(6);
      expect(JSON.stringify(page.body)).toContain('page 2 of 2');
    } finally {
      await stop();
    }
  });
});

describe('Discord interaction errors after a deferral', () => {
  it('turns the deferred "thinking" message into the error, instead of leaving it spinning', async () => {
    const h = await discord();
    h.fake.script('POST', /\/threads$/, { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const results = h.fake.message(CHANNEL_ID, { embeds: [{ footer: { text: '/paper x · page 1 of 1' } }] });
    h.fake.messages.get(CHANNEL_ID)!.push(results);
    const found = await h.core.answer('sparse autoencoders');
    const click = h.fake.button(`abs:${found.kind === 'results' ? found.hits[0]!.id : ''}`, results);
    h.fake.dispatch('INTERACTION_CREATE', click);
    const edit = await h.fake.until(() => h.fake.webhookCalls(click)[0]);
    expect(edit.method).toBe('PATCH');
    expect(JSON.stringify(edit.body)).toContain('I lack a permission here');
    expect(h.logs.join('\n')).toContain('discord: handling an interaction failed: 50013 Missing Permissions');
    // Nothing was posted, so the core freed its claim on the abstract: once the permission is granted, asking again posts it.
    h.fake.dispatch('INTERACTION_CREATE', h.fake.button(`abs:${found.kind === 'results' ? found.hits[0]!.id : ''}`, results));
    const posted = await h.fake.until(() => h.fake.messages.get(String(results.id))?.[0]);
    expect(JSON.stringify(posted.embeds)).toContain('Abstract: ');
  });
});

describe('Discord REST faults', () => {
  it('logs rate limits while waiting them out', async () => {
    const h = await discord();
    const limited = { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false }, headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' } };
    h.fake.script('POST', CHANNEL_MESSAGES, limited, limited, limited);
    await h.adapter.postPaper(CHANNEL_ID, await topPaper());
    const lines = h.logs.filter((l) => l.includes('discord: rate limited on POST /channels/:id/messages'));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toMatch(/\(user limit\); waiting [\d.]+ s, then retrying/);
  });

  it('stops retrying a rate-limited send once abandoned, and sends nothing more', async () => {
    const abandon = new AbortController();
    const fake = await new FakeDiscord().start();
    const adapter = createDiscordAdapter({
      bot: createPaperBot(sampleLibrary()),
      logger: createLogger({ level: 'silent' }),
      settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: fake.apiUrl, results: 'channel', register: 'off' },
      abandon: abandon.signal,
    });
    try {
      await adapter.start();
      const limited = { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.2, global: false }, headers: { 'retry-after': '0.2' } };
      fake.script('POST', CHANNEL_MESSAGES, ...Array.from({ length: 100 }, () => limited));
      const posting = adapter.postPaper(CHANNEL_ID, await topPaper());
      posting.catch(() => undefined);
      await fake.until(() => fake.callsTo('POST', CHANNEL_MESSAGES).length >= 2);
      abandon.abort();
      const atAbort = fake.callsTo('POST', CHANNEL_MESSAGES).length;
      await expect(posting).rejects.toThrow(/abandoned|rate limit/i);
      // At most the request already on the wire when the signal came.
      expect(fake.callsTo('POST', CHANNEL_MESSAGES).length).toBeLessThanOrEqual(atAbort + 1);
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });
});

describe('Discord gateway faults', () => {
  it('says when the gateway is lost, and still stops promptly while it is unreachable', async () => {
    const fake = await new FakeDiscord().start();
    const logs: string[] = [];
    const adapter = createDiscordAdapter({
      bot: createPaperBot(sampleLibrary()),
      logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
      settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: fake.apiUrl, results: 'channel', register: 'off' },
    });
    await adapter.start();
    await fake.stop(); // the gateway (and REST) become unreachable
    await until(() => logs.some((l) => l.includes('discord: no gateway connection')), 10_000, 'a log line about the lost gateway');
    // Before: destroy() waited for a gateway that never answered, forever.
    const stopped = await Promise.race([adapter.stop().then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 10_000))]);
    expect(stopped).toBe(true);
  });
});
