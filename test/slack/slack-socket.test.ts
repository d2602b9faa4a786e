import { describe, expect, it } from 'vitest';
import { BOT_USER_ID, mentionEvent, slashCommandFields } from './fake-slack.js';
import { useSlack } from './slack-harness.js';

// What only Socket Mode does: the app token, envelopes and their acks, and
// Slack's retries of an event. Answering commands, menus and mentions over the
// socket is the adapter contract's (test/adapters/slack-socket.contract.test.ts).

const slack = useSlack();

describe('Slack in Socket Mode, against a fake Socket Mode websocket', () => {
  it('connects through apps.connections.open with the app token, acks every envelope, and answers a retried event once', async () => {
    const h = await slack({ appToken: 'xapp-test-app-token', signingSecret: undefined });
    expect(h.adapter.mode).toBe('socket');
    expect(h.adapter.port()).toBeUndefined();
    await h.fake.until(() => h.fake.socketCount === 1);
    const open = h.fake.callsOf('apps.connections.open')[0]!;
    expect(open.token).toBe('xapp-test-app-token');

    const responseUrl = h.fake.responseUrl();
    h.fake.sendEnvelope({ envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true, payload: slashCommandFields('sparse autoencoders', responseUrl) });
    await h.fake.until(() => h.fake.acks.find((a) => a.envelope_id === 'env-1'));

    // An event, then its retry: answered once.
    const mention = mentionEvent({ text: `<@${BOT_USER_ID}> mixup`, ts: '1700000009.000100', eventId: 'EvSock' });
    h.fake.sendEnvelope({ envelope_id: 'env-3', type: 'events_api', payload: mention, retry_attempt: 0, retry_reason: '' });
    h.fake.sendEnvelope({ envelope_id: 'env-4', type: 'events_api', payload: mention, retry_attempt: 1, retry_reason: 'timeout' });
    await h.fake.until(() => h.fake.acks.find((a) => a.envelope_id === 'env-4'));
    await h.fake.until(() => h.fake.callsOf('chat.postMessage')[0]);
    h.fake.sendEnvelope({ envelope_id: 'env-5', type: 'events_api', payload: mentionEvent({ text: `<@${BOT_USER_ID}> quantiz`, ts: '1700000010.000100', eventId: 'EvSock2' }) });
    await h.fake.until(() => h.fake.callsOf('chat.postMessage')[1]);
    expect(h.fake.callsOf('chat.postMessage').filter((c) => JSON.stringify(c.args.blocks).includes('Mixup'))).toHaveLength(1);
  });
});
