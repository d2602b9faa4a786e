import { describe, expect, it } from 'vitest';
import { discordChannelId } from '../../adapters/discord/channel-id.js';
import { slackChannelId } from '../../adapters/slack/channel-id.js';
import { ChannelKeySchema } from '../../src/store/store.js';

describe('channel keys: opaque to the core, checked by the adapter that owns the platform', () => {
  it('stores any platform’s ids, a Matrix room or a Teams conversation included', () => {
    for (const key of ['console', 'slack:C0123', 'discord:987654321', 'matrix:!room:example.org', 'teams:19:abc@thread.v2']) {
      expect(ChannelKeySchema.safeParse(key).success).toBe(true);
    }
    for (const key of ['', 'slack:', ':C0123', 'Slack:C0123', 'slack:C 0123', 'slack:C0123\n', `x:${'a'.repeat(201)}`]) {
      expect(ChannelKeySchema.safeParse(key).success).toBe(false);
    }
  });

  it('leaves the id to the adapter: Slack and Discord reject ids of the wrong shape, naming them', () => {
    expect(slackChannelId('C0123ABCD')).toBe('C0123ABCD');
    expect(() => slackChannelId('c0123')).toThrow(/^slack: "c0123" is not a Slack channel or user id/);
    expect(discordChannelId('987654321')).toBe('987654321');
    expect(() => discordChannelId('C0123')).toThrow(/^discord: "C0123" is not a Discord channel or user id/);
  });
});
