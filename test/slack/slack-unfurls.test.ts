import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.js';
import { MAX_UNFURLS } from '../../adapters/slack/unfurls.js';
import type { FakeHfApi } from '../huggingface/fake-hf-api.js';
import { API_ONLY_PAPER, LIBRARY_PAPER, linkBot, NO_PAPER } from '../links/link-bot.js';
import { buttonClick, FakeSlack, sendSigned } from './fake-slack.js';
import { SIGNING_SECRET } from './slack-harness.js';

// Slack's unfurls of paper links, through the real Bolt app against the fake
// Slack: link_shared in, chat.unfurl out, over HTTP and Socket Mode.

const running: { adapter: SlackAdapter; fake: FakeSlack; api: FakeHfApi }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.adapter.stop();
    await r.fake.stop();
    await r.api.close();
  }
});

async function start(mode: 'http' | 'socket') {
  const fake = await new FakeSlack().start();
  const { bot, api, logs, logger } = await linkBot();
  const adapter = createSlackAdapter({
    bot,
    logger,
    settings: {
      botToken: 'xoxb-test-token',
      ...(mode === 'http' ? { signingSecret: SIGNING_SECRET } : { appToken: 'xapp-test-app-token' }),
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
      results: 'channel',
      managers: [],
    },
    retryConfig: { retries: 0 },
  });
  await adapter.start();
  running.push({ adapter, fake, api });
  if (mode === 'socket') await fake.until(() => fake.socketCount === 1);
  let envelopes = 0;
  /** Delivers an event callback the way this mode does. */
  const deliver = async (payload: Record<string, unknown>) => {
    if (mode === 'http') {
      const res = await sendSigned(`http://127.0.0.1:${adapter.port()}/slack/events`, JSON.stringify(payload), { secret: SIGNING_SECRET, contentType: 'application/json' });
      expect(res.status).toBe(200);
      return;
    }
    const id = `env-${++envelopes}`;
    fake.sendEnvelope({ envelope_id: id, type: 'events_api', payload });
    await fake.until(() => fake.acks.find((a) => a.envelope_id === id));
  };
  /** Posts an interactive payload (a click) the way this mode does. */
  const click = async (payload: Record<string, unknown>) => {
    if (mode === 'http') {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const res = await sendSigned(`http://127.0.0.1:${adapter.port()}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(200);
      return;
    }
    const id = `env-${++envelopes}`;
    fake.sendEnvelope({ envelope_id: id, type: 'interactive', payload });
    await fake.until(() => fake.acks.find((a) => a.envelope_id === id));
  };
  return { fake, api, deliver, click, logs };
}

type Unfurls = Record<string, { blocks: { type: string; text?: { text: string }; elements?: { action_id: string; value: string }[] }[] }>;

describe.each(['http', 'socket'] as const)('Slack unfurls (%s)', (mode) => {
  it('unfurls a link to a library paper with its card: title, upvotes, buttons', async () => {
    const { fake, api, deliver } = await start(mode);
    const url = `https://arxiv.org/abs/${LIBRARY_PAPER}v2`;
    await deliver(fake.linkShared({ urls: [url], eventId: `Ev-lib-${mode}` }));
    const call = await fake.until(() => fake.callsOf('chat.unfurl')[0]);
    const unfurls = call.args.unfurls as Unfurls;
    expect(Object.keys(unfurls)).toEqual([url]);
    const text = unfurls[url]!.blocks[0]!.text!.text;
    expect(text).toContain('*Fine-Tunable Sparse-Linear Attention for Long Video Generation*');
    expect(text).toContain('#1 trending · 87 upvotes');
    expect(unfurls[url]!.blocks[1]!.elements!.map((e) => e.value)).toEqual([expect.stringMatching(/^abs:/), expect.stringMatching(/^save:/), expect.stringMatching(/^cite:/), expect.stringMatching(/^rel:/), expect.stringMatching(/^watch:/)]);
    expect(call.args.unfurl_id).toBeDefined();
    expect(api.paperRequests).toEqual([]);
    expect(fake.messages).toEqual([]);
  });

  it('answers the buttons of an unfurl: Cite only to the clicker', async () => {
    const { fake, deliver, click } = await start(mode);
    const url = `https://arxiv.org/abs/${LIBRARY_PAPER}`;
    const ts = fake.nextTs();
    await deliver(fake.linkShared({ urls: [url], eventId: `Ev-click-${mode}`, ts }));
    const call = await fake.until(() => fake.callsOf('chat.unfurl')[0]);
    const cite = (call.args.unfurls as Unfurls)[url]!.blocks[1]!.elements!.find((e) => e.value.startsWith('cite:'))!;
    const responseUrl = fake.responseUrl();
    const payload = buttonClick({ actionId: cite.action_id, value: cite.value, message: { channel: 'CRESULTS', ts, text: url }, responseUrl });
    // A click on an unfurl comes from the attachment Slack made of it, on the person's message.
    await click({ ...payload, container: { type: 'message_attachment', message_ts: ts, attachment_id: 1, channel_id: 'CRESULTS', is_ephemeral: false, is_app_unfurl: true, app_unfurl_url: url } });
    const body = await fake.until(() => fake.responses.find((r) => responseUrl.endsWith(r.path))?.body);
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('eprint = {2511.04567}');
    expect(fake.messages).toEqual([]);
  });

  it('unfurls a huggingface.co/papers link to a paper only the paper API knows, from the API', async () => {
    const { fake, api, deliver } = await start(mode);
    const url = `https://huggingface.co/papers/${API_ONLY_PAPER}`;
    await deliver(fake.linkShared({ urls: [url], eventId: `Ev-api-${mode}`, composer: true }));
    const call = await fake.until(() => fake.callsOf('chat.unfurl')[0]);
    expect(call.args.source).toBe('composer');
    const text = (call.args.unfurls as Unfurls)[url]!.blocks[0]!.text!.text;
    expect(text).toContain('*Walrus: Wide Attention for Long Recall*');
    expect(text).toContain('33 upvotes');
    expect(text).toContain('*TL;DR* (AI summary by Hugging Face): Walrus recalls more.');
    expect(api.paperRequests).toEqual([API_ONLY_PAPER]);
  });

  it('gives a link to no paper no unfurl, no channel message and one debug line', async () => {
    const { fake, api, deliver, logs } = await start(mode);
    await deliver(fake.linkShared({ urls: [`https://arxiv.org/abs/${NO_PAPER}`], eventId: `Ev-none-${mode}` }));
    await fake.until(() => api.paperRequests.length === 1 || undefined);
    // A link to a page that is no paper: not even a lookup.
    await deliver(fake.linkShared({ urls: ['https://arxiv.org/list/cs.LG/recent'], eventId: `Ev-list-${mode}` }));
    await fake.until(() => logs.some((l) => l.includes('no paper links among')) || undefined);
    expect(logs.filter((l) => l.includes(`links: no paper for ${NO_PAPER}`))).toHaveLength(1);
    expect(fake.callsOf('chat.unfurl')).toEqual([]);
    expect(fake.callsOf('chat.postMessage')).toEqual([]);
    expect(fake.messages).toEqual([]);
    expect(api.paperRequests).toEqual([NO_PAPER]);
  });

  it('unfurls several links of one message once each, up to its cap, and a retried event once', async () => {
    const { fake, api, deliver } = await start(mode);
    const urls = [
      `https://arxiv.org/abs/${LIBRARY_PAPER}`,
      `https://arxiv.org/pdf/${API_ONLY_PAPER}v1`,
      `https://arxiv.org/abs/${NO_PAPER}`,
      ...Array.from({ length: 5 }, (_, i) => `https://arxiv.org/abs/2511.0990${i}`),
    ];
    const event = fake.linkShared({ urls, eventId: `Ev-many-${mode}` });
    await deliver(event);
    await deliver(event);
    const call = await fake.until(() => fake.callsOf('chat.unfurl')[0]);
    expect(Object.keys(call.args.unfurls as Unfurls)).toEqual([urls[0], urls[1]]);
    // Only the first MAX_UNFURLS links were looked at: two in hand, three asked of the API.
    expect(api.paperRequests.sort()).toEqual([API_ONLY_PAPER, NO_PAPER, '2511.09900', '2511.09901'].slice(0, MAX_UNFURLS - 1).sort());
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.callsOf('chat.unfurl')).toHaveLength(1);
  });

  it('counts only paper links toward its cap: links to models, Spaces or listings on the same domains come first', async () => {
    const { fake, deliver } = await start(mode);
    const paper = `https://arxiv.org/abs/${LIBRARY_PAPER}`;
    const others = ['https://huggingface.co/meta-llama/Llama-3', 'https://huggingface.co/datasets/x/y', 'https://huggingface.co/spaces/a/b', 'https://huggingface.co/docs', 'https://arxiv.org/list/cs.LG/recent'];
    expect(others.length).toBeGreaterThanOrEqual(MAX_UNFURLS);
    await deliver(fake.linkShared({ urls: [...others, paper], eventId: `Ev-others-${mode}` }));
    const call = await fake.until(() => fake.callsOf('chat.unfurl')[0]);
    expect(Object.keys(call.args.unfurls as Unfurls)).toEqual([paper]);
  });
});
