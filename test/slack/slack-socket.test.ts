import { describe, expect, it } from 'vitest';
import { BOT_USER_ID, menuChoice, mentionEvent, slashCommandFields } from './fake-slack.js';
import { useSlack } from './slack-harness.js';

const slack = useSlack();

describe('Slack in Socket Mode, against a fake Socket Mode websocket', () => {
  it('connects through apps.connections.open with the app token and acks every envelope', async () => {
    const h = await slack({ appToken: 'xapp-test-app-token', signingSecret: undefined });
    expect(h.adapter.mode).toBe('socket');
    expect(h.adapter.port()).toBeUndefined();
    await h.fake.until(() => h.fake.socketCount === 1);
    const open = h.fake.callsOf('apps.connections.open')[0]!;
    expect(open.token).toBe('xapp-test-app-token');

    // A slash command arrives as an envelope; the same handlers answer it.
    const responseUrl = h.fake.responseUrl();
    h.fake.sendEnvelope({ envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true, payload: slashCommandFields('sparse autoencoders', responseUrl) });
    await h.fake.until(() => h.fake.acks.find((a) => a.envelope_id === 'env-1'));
    const body = await h.fake.until(() => h.fake.responses.find((r) => responseUrl.endsWith(r.path))?.body);
    expect(body.response_type).toBe('in_channel');
    expect(JSON.stringify(body.blocks)).toContain('Sparse Autoencoders');

    // A button click arrives as an interactive envelope.
    const message = h.fake.messages[0]!;
    const id = (message.blocks as { accessory?: { type: string; options?: { value: string }[] } }[]).find((bl) => bl.accessory?.type === 'overflow')!.accessory!.options![0]!.value;
    h.fake.sendEnvelope({ envelope_id: 'env-2', type: 'interactive', accepts_response_payload: false, payload: menuChoice({ actionId: 'paper_1', value: id, message, responseUrl: h.fake.responseUrl() }) });
    await h.fake.until(() => h.fake.acks.find((a) => a.envelope_id === 'env-2'));
    const thread = await h.fake.until(() => h.fake.callsOf('chat.postMessage')[0]);
    expect(thread.args.thread_ts).toBe(message.ts);

    // An event, then its retry: answered once.
    const mention = mentionEvent({ text: `<@${BOT_USER_ID}> mixup`, ts: '1700000009.000100', eventId: 'EvSock' });
    h.fake.sendEnvelope({ envelope_id: 'env-3', type: 'events_api', payload: mention, retry_attempt: 0, retry_reason: '' });
    h.fake.sendEnvelope({ envelope_id: 'env-4', type: 'events_api', payload: mention, retry_attempt: 1, retry_reason: 'timeout' });
    await h.fake.until(() => h.fake.acks.find((a) => a.envelope_id === 'env-4'));
    await h.fake.until(() => h.fake.callsOf('chat.postMessage')[1]);
    h.fake.sendEnvelope({ envelope_id: 'env-5', type: 'events_api', payload: mentionEvent({ text: `<@${BOT_USER_ID}> quantiz`, ts: '1700000010.000100', eventId: 'EvSock2' }) });
    await h.fake.until(() => h.fake.callsOf('chat.postMessage')[2]);
    expect(h.fake.callsOf('chat.postMessage').filter((c) => JSON.stringify(c.args.blocks).includes('Mixup'))).toHaveLength(1);
  });
});
