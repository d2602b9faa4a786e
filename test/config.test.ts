import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/ops/logger.js';

describe('configuration', () => {
  it('has defaults for everything the console needs', () => {
    expect(loadConfig({})).toMatchObject({ DIGEST_DIR: 'seeds', DATA_DIR: 'data', LOG_LEVEL: 'info' });
  });

  it('reads LOG_FORMAT, text by default, and names a bad one', () => {
    expect(loadConfig({}).LOG_FORMAT).toBe('text');
    expect(loadConfig({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT: .*json.*\(got "xml"\)/);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ DIGEST_DIR: '  ', LOG_LEVEL: '' }).DIGEST_DIR).toBe('seeds');
  });

  it('names every bad variable and what it expects', () => {
    try {
      loadConfig({ LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^LOG_LEVEL: .*debug.*\(got "loud"\)$/)]);
    }
  });
});

describe('logger', () => {
  it('filters by level and masks secrets', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l), secrets: ['xoxb-secret-token', undefined] });
    log.info('hidden');
    log.warn('token xoxb-secret-token leaked');
    expect(lines).toEqual(['warn: token [redacted] leaked']);
  });
});

describe('Slack configuration', () => {
  it('asks for the signing secret in HTTP mode, by name, without echoing the token', () => {
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-secret-value' });
      expect.unreachable();
    } catch (err) {
      const problems = (err as ConfigError).problems;
      expect(problems).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: required for Slack in HTTP mode/)]);
      expect(problems.join()).not.toContain('xoxb-secret-value');
    }
  });

  it('accepts Socket Mode without a signing secret, and asks for the bot token when only companions are set', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({ SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'https://slack.com/api/' });
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN: required/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'not-a-token', SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN: expected a bot token starting with xoxb-$/m);
  });
});
