import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';
import { healthRoutes } from '../../src/ops/health.js';
import { sharedOnceKeys } from '../../src/store/once-keys.js';
import { useSqliteStores } from '../helpers/sqlite-stores.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { BOT_USER_ID, FakeSlack, menuChoice, mentionEvent, sendSigned, slashCommandFields } from './fake-slack.js';
import { SIGNING_SECRET, useSlack, type Harness } from './slack-harness.js';

const slack = useSlack();
const tmp = useTmpDir();
const openStore = useSqliteStores(tmp);

/** Two bots on one fake Slack sharing one store, as two replicas behind a load balancer. */
async function replicas(): Promise<[Harness, Harness]> {
  const store = openStore();
  const logger = createLogger({ level: 'silent' });
  const replica = () => ({
    once: { events: sharedOnceKeys({ store, namespace: 'slack:event', ttlMs: 86_400_000, logger }) },
    bot: { threadAbstracts: sharedOnceKeys({ store, namespace: 'thread:abstract', ttlMs: 86_400_000, logger }) },
  });
  const a = await slack({}, undefined, replica());
  const b = await slack({}, a.fake, replica());
  return [a, b];
}

const event = (h: Harness, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  sendSigned(h.appUrl, JSON.stringify(payload), { secret: SIGNING_SECRET, contentType: 'application/json', headers });
const click = (h: Harness, payload: Record<string, unknown>) =>
  sendSigned(h.appUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded' });

describe('Slack on two replicas sharing a store', () => {
  it('answers an event once when Slack retries it to the other replica', async () => {
    const [a, b] = await replicas();
    const payload = mentionEvent({ text: `<@${BOT_USER_ID}> sparse autoencoders`, ts: '1700000001.000100', eventId: 'EvShared' });
    expect((await event(a, payload)).status).toBe(200);
    await a.fake.until(() => a.fake.callsOf('chat.postMessage').length === 1);
    expect((await event(b, payload, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    await b.fake.until(() => b.logs.some((l) => l.includes('ignored retry 1 of event EvShared')));
    // Both at once, as when the first delivery is slow: still one answer.
    const twice = mentionEvent({ text: `<@${BOT_USER_ID}> mixup`, ts: '1700000002.000100', eventId: 'EvRace' });
    await Promise.all([event(a, twice), event(b, twice, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })]);
    await a.fake.until(() => [...a.logs, ...b.logs].some((l) => l.includes('of event EvRace')));
    await a.fake.until(() => a.fake.callsOf('chat.postMessage').length === 2);
    expect(a.fake.callsOf('chat.postMessage').map((c) => c.args.thread_ts)).toEqual(['1700000001.000100', '1700000002.000100']);
  });

  it('posts an abstract once when its button is clicked on both replicas at the same moment', async () => {
    const [a, b] = await replicas();
    const responseUrl = a.fake.responseUrl();
    await sendSigned(a.appUrl, new URLSearchParams(slashCommandFields('sparse autoencoders', responseUrl)).toString(), {
      secret: SIGNING_SECRET,
      contentType: 'application/x-www-form-urlencoded',
    });
    const message = await a.fake.until(() => a.fake.messages[0]);
    const id = (message.blocks as { accessory?: { type: string; options?: { value: string }[] } }[]).find((bl) => bl.accessory?.type === 'overflow')!.accessory!.options![0]!.value;
    const clicks = [a, b].map((h) => click(h, menuChoice({ actionId: 'paper_1', value: id, message, responseUrl: h.fake.responseUrl() })));
    await Promise.all(clicks);
    // Both clicks done: the winner's abstract is in the thread, and the loser told its clicker so.
    const abstracts = () => a.fake.messages.filter((m) => m.thread_ts === message.ts && JSON.stringify(m.blocks).includes('Abstract: '));
    await a.fake.until(() => abstracts().length > 0 && a.fake.responses.some((r) => String(r.body.text).includes('already in the thread')));
    expect(abstracts()).toHaveLength(1);
  });

  it('serves the health routes from Bolt’s own HTTP server, beside /slack/events', async () => {
    const fake = await new FakeSlack().start();
    const h = await slack({}, fake, { routes: healthRoutes([{ name: 'library', check: () => ({ ok: true, detail: '84 papers' }) }]) });
    const base = h.appUrl.replace(/\/slack\/events$/, '');
    const alive = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect([alive.status, await alive.json()]).toEqual([200, { status: 'alive' }]);
    const ready = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) });
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: { library: { ok: true, detail: '84 papers' } } }]);
  });
});
