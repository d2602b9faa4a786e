import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from '../discord/fake-discord.js';
import { freePort, freshDatabase } from '../helpers/postgres.js';
import { SEEDS, startReplica, waitReady, type Replica } from './replica.js';

// Two real paperbot processes for one Discord bot token, sharing one
// PostgreSQL: a token may hold one gateway session per shard, so only the
// holder of the gateway lease connects, and killing it moves the session.

const TOKEN = 'fake-discord-bot-token.'.padEnd(60, 'x');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function replica(name: string, fake: FakeDiscord, databaseUrl: string): Promise<Replica & { url: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'paperbot-replica-'));
  const r = startReplica(name, {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    DIGEST_DIR: SEEDS,
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: GUILD_ID,
    DISCORD_REGISTER: 'off',
    HEALTH_PORT: String(port),
    HOST: '127.0.0.1',
    DAILY_CHANNELS: `discord:${CHANNEL_ID}`,
    DAILY_TIME: '00:00',
    DAILY_TIMEZONE: 'Pacific/Kiritimati',
    LOG_LEVEL: 'debug',
  });
  cleanup.push(async () => {
    await r.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return Object.assign(r, { url: `http://127.0.0.1:${port}` });
}

describe('two Discord replicas on one PostgreSQL (real processes)', () => {
  it('hold one gateway session, post the daily paper once over REST, and move the session when the leader is killed', async () => {
    const fake = await new FakeDiscord().start();
    cleanup.push(() => fake.stop());
    const databaseUrl = await freshDatabase();
    const replicas = await Promise.all([replica('a', fake, databaseUrl), replica('b', fake, databaseUrl)]);
    await Promise.all(replicas.map((r) => waitReady(`${r.url}/readyz`)));
    await Promise.all(replicas.map((r) => r.waitForLog(/daily: tick done/)));
    expect(fake.gatewayCount).toBe(1);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.messages.get(CHANNEL_ID)).toHaveLength(1); // the daily post, by whichever replica won the claim

    const leader = replicas.find((r) => /lease discord-gateway: this replica \(.*\) leads/.test(r.log()))!;
    const follower = replicas.find((r) => r !== leader)!;
    const readyz = (await (await fetch(`${follower.url}/readyz`)).json()) as { checks: Record<string, { detail: string }> };
    expect(readyz.checks.discord!.detail).toBe('REST only: the gateway session is on the replica holding the lease');

    // The leader dies without a word (SIGKILL: no shutdown, no lease release).
    leader.kill('SIGKILL');
    await leader.exited;
    await fake.until(() => fake.identifies.length === 2 && fake.gatewayCount === 1, 30_000);
    await follower.waitForLog(/lease discord-gateway: this replica \(.*\) leads/);

    // The new leader answers.
    fake.dispatch('INTERACTION_CREATE', fake.slashCommand('sparse autoencoders'));
    await fake.until(() => fake.callbacks().length === 1, 10_000);
    expect(fake.gatewayCount).toBe(1);
  });
});
