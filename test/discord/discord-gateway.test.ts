import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import { createGatewayWatch } from '../../adapters/discord/gateway-watch.js';
import { startLeaderLease, type LeaderLease } from '../../src/ops/leader-lease.js';
import { createLogger } from '../../src/ops/logger.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { until } from '../helpers/loopback.js';
import { freshDatabase } from '../helpers/postgres.js';
import { recordingBot } from '../helpers/recording-bot.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { HOSTILE_ABSTRACT, HOSTILE_TITLE, TOKEN } from './discord-harness.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from './fake-discord.js';

const tmp = useTmpDir();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await new FakeDiscord().start();
  cleanup.push(() => fake.stop());
  return fake;
}

/** An adapter whose gateway session opens only on demand, as on a replica. */
function replica(fake: FakeDiscord) {
  const { library, core, bot } = recordingBot({ title: HOSTILE_TITLE, abstract: HOSTILE_ABSTRACT });
  const logs: string[] = [];
  const adapter = createDiscordAdapter({
    bot,
    logger: createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: [TOKEN] }),
    settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: fake.apiUrl, results: 'channel', register: 'off' },
    rest: { timeout: 3000, retries: 2 },
    gateway: 'on-demand',
  });
  cleanup.push(() => adapter.stop());
  return { adapter, library, core, logs };
}

describe('Discord with the gateway on demand', () => {
  it('posts the daily paper over REST without a gateway session, and opens and closes the session when asked', async () => {
    const fake = await fakeDiscord();
    const { adapter, library, core } = replica(fake);
    await adapter.start();
    expect(fake.identifies).toHaveLength(0);
    expect(adapter.health?.()).toEqual({ ok: true, detail: 'REST only: the gateway session is on the replica holding the lease' });

    const paper = (await core.view(library.papersOn('2026-04-21')[0]!.paper.id))!;
    const posted = await adapter.postPaper(CHANNEL_ID, paper);
    expect(fake.messages.get(CHANNEL_ID)).toHaveLength(1);
    expect(fake.messages.get(posted.threadId!)).toHaveLength(1);
    const body = fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`))[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ allowed_mentions: { parse: [], replied_user: false }, enforce_nonce: true });

    await adapter.connectGateway();
    expect(fake.gatewayCount).toBe(1);
    expect(adapter.health?.()).toEqual({ ok: true, detail: 'gateway session open' });
    fake.dispatch('INTERACTION_CREATE', fake.slashCommand('sparse autoencoders'));
    await fake.until(() => fake.callbacks().length === 1);

    await adapter.disconnectGateway();
    await fake.until(() => fake.gatewayCount === 0);
    // A discord.js client cannot log in again once destroyed: a new session gets a new client.
    await adapter.connectGateway();
    await fake.until(() => fake.gatewayCount === 1);
    expect(fake.identifies).toHaveLength(2);
    fake.dispatch('INTERACTION_CREATE', fake.slashCommand('mixup'));
    await fake.until(() => fake.callbacks().length === 2);
  });

  it('holds one gateway session between two replicas, and moves it when the leader stops', async () => {
    const fake = await fakeDiscord();
    const store: Store = openSqliteStore(join(tmp(), 'paperbot.db'));
    cleanup.push(() => store.close());
    const leases: LeaderLease[] = [];
    const replicas = ['a', 'b'].map((owner) => {
      const r = replica(fake);
      const lease = startLeaderLease({
        store,
        name: 'discord-gateway',
        owner,
        ttlMs: 1000,
        renewEveryMs: 200,
        retryEveryMs: 50,
        fenceMarginMs: 300,
        onLead: () => r.adapter.connectGateway(),
        onFollow: () => r.adapter.disconnectGateway(),
        logger: createLogger({ level: 'silent' }),
      });
      leases.push(lease);
      cleanup.push(() => lease.stop());
      return { ...r, lease };
    });
    await Promise.all(replicas.map((r) => r.adapter.start()));
    await Promise.all(leases.map((l) => l.settled));
    expect(fake.gatewayCount).toBe(1);
    expect(fake.identifies).toHaveLength(1);
    const leader = replicas.find((r) => r.lease.isLeader())!;
    const follower = replicas.find((r) => r !== leader)!;
    await leader.lease.stop();
    // The follower identifies, then becomes ready once the fake's READY is processed: wait for both
    // (checking readiness right after the IDENTIFY arrived failed on a busy CI machine).
    await fake.until(() => fake.identifies.length === 2 && fake.gatewayCount === 1 && follower.adapter.client?.isReady() === true, 10_000);
    expect(follower.lease.isLeader()).toBe(true);
    expect(fake.gatewayCount).toBe(1);
  });

  it('never holds two sessions when only the leader loses the database: it closes its session before the lease can expire', async () => {
    const fake = await fakeDiscord();
    const direct = new URL(await freshDatabase());
    // The leader reaches PostgreSQL through a proxy that goes silent (a partition of the leader alone).
    const proxy = await new TcpProxy(Number(direct.port)).start();
    cleanup.push(() => proxy.stop());
    const viaProxy = new URL(direct);
    viaProxy.port = String(proxy.port);
    const open = async (url: URL) => {
      const store = await openPostgresStore(url.toString(), { startupWaitMs: 0 });
      cleanup.push(() => store.close());
      return store;
    };
    const elect = async (owner: string, store: Store) => {
      const r = replica(fake);
      await r.adapter.start();
      const logs: string[] = [];
      const lease = startLeaderLease({
        store,
        name: 'discord-gateway',
        owner,
        ttlMs: 3000,
        renewEveryMs: 500,
        retryEveryMs: 100,
        fenceMarginMs: 1000,
        onLead: (signal) => r.adapter.connectGateway(signal),
        onFollow: () => r.adapter.disconnectGateway(),
        logger: createLogger({ level: 'info', write: (l) => logs.push(l) }),
      });
      cleanup.push(() => lease.stop());
      await lease.settled;
      return { ...r, lease, logs };
    };
    const leader = await elect('a', await open(viaProxy));
    expect(leader.lease.isLeader()).toBe(true);
    const follower = await elect('b', await open(direct));
    expect(follower.lease.isLeader()).toBe(false);
    await fake.until(() => fake.gatewayCount === 1 && leader.adapter.client?.isReady() === true, 10_000);

    // How many sessions are open, sampled all along the partition.
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, fake.gatewayCount)), 5);
    cleanup.push(async () => clearInterval(sampler));
    // Cleanups run in reverse: the silenced connections are let go before the stores close.
    cleanup.push(async () => proxy.restore());
    proxy.blackhole();
    await fake.until(() => follower.lease.isLeader() && follower.adapter.client?.isReady() === true, 15_000);
    // The partition lasts on, past the old lease's expiry: still one session.
    await new Promise((r) => setTimeout(r, 1000));
    clearInterval(sampler);
    expect(most).toBe(1);
    expect(fake.gatewayCount).toBe(1);
    expect(fake.identifies).toHaveLength(2);
    expect(leader.lease.isLeader()).toBe(false);
    expect(leader.adapter.client).toBeUndefined();
    expect(leader.logs.join('\n')).toMatch(/lease discord-gateway: could not renew the lease for 2 s .*; stepping down before it expires/);

    // The network heals: the old leader finds the lease taken and stays a follower.
    proxy.restore();
    await new Promise((r) => setTimeout(r, 1500));
    expect(leader.lease.isLeader()).toBe(false);
    expect(fake.gatewayCount).toBe(1);
    fake.dispatch('INTERACTION_CREATE', fake.slashCommand('sparse autoencoders'));
    await fake.until(() => fake.callbacks().length === 1, 10_000);
  });

  it('one replica without a shared database that cannot reach Discord: one line when the gateway is lost, none again within the minute, one when it is back', async () => {
    const fake = await fakeDiscord();
    // Discord's API behind a proxy that carries nothing (then everything): every login fails fast meanwhile.
    const proxy = await new TcpProxy(Number(new URL(fake.apiUrl).port)).start();
    cleanup.push(() => proxy.stop());
    proxy.blackhole();
    const { bot } = recordingBot({ title: HOSTILE_TITLE, abstract: HOSTILE_ABSTRACT });
    const logs: string[] = [];
    const logger = createLogger({ level: 'info', write: (l) => logs.push(l), secrets: [TOKEN] });
    const adapter = createDiscordAdapter({
      bot,
      logger,
      settings: { token: TOKEN, guildId: GUILD_ID, apiUrl: `http://127.0.0.1:${proxy.port}/api`, results: 'channel', register: 'off' },
      rest: { timeout: 200, retries: 0 },
      gateway: 'on-demand',
    });
    cleanup.push(() => adapter.stop());
    await adapter.start();
    const store: Store = openSqliteStore(join(tmp(), 'paperbot.db'));
    cleanup.push(() => store.close());
    const started = logs.length;
    let attempts = 0;
    const lease = startLeaderLease({
      store,
      name: 'discord-gateway',
      owner: 'only',
      ttlMs: 1000,
      renewEveryMs: 100,
      retryEveryMs: 50,
      fenceMarginMs: 300,
      shared: false,
      onLead: (signal) => (attempts++, adapter.connectGateway(signal)),
      onFollow: () => adapter.disconnectGateway(),
      logger,
    });
    cleanup.push(() => lease.stop());
    await until(() => attempts >= 8, 20_000, 'eight attempts to connect');
    const whileDown = logs.slice(started);
    expect(whileDown).toEqual([expect.stringMatching(/^warn: discord: no gateway connection \(.+\); still trying, and saying so every 60 s while it lasts$/)]);

    proxy.restore();
    await until(() => adapter.client?.isReady() === true, 10_000, 'the gateway session');
    const after = logs.slice(started + 1);
    expect(after.filter((l) => /^discord: gateway connection back after \d+ s$/.test(l))).toHaveLength(1);
    expect(after.filter((l) => l.startsWith('warn') || l.startsWith('error'))).toEqual([]);
    // Without a shared database there is no lease to speak of.
    expect(logs.filter((l) => l.includes('lease'))).toEqual([]);
  });

  it('while the gateway stays unreachable, says so once, then once a minute, then when it is back', () => {
    const logs: string[] = [];
    let t = 0;
    const watch = createGatewayWatch(createLogger({ level: 'info', write: (l) => logs.push(l) }), { now: () => t });
    for (; t <= 130_000; t += 5_000) watch.down('connect ECONNREFUSED 127.0.0.1:9'); // a retry every 5 s
    watch.up();
    expect(logs).toEqual([
      'warn: discord: no gateway connection (connect ECONNREFUSED 127.0.0.1:9); still trying, and saying so every 60 s while it lasts',
      'warn: discord: no gateway connection for 60 s (connect ECONNREFUSED 127.0.0.1:9); still trying',
      'warn: discord: no gateway connection for 120 s (connect ECONNREFUSED 127.0.0.1:9); still trying',
      'discord: gateway connection back after 135 s',
    ]);
  });
});
