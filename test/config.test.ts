import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretValues } from '../src/config.js';
import { createLogger } from '../src/ops/logger.js';
import { PAPERBOT_VERSION } from '../src/version.js';

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

describe('the live source settings', () => {
  it('defaults to the public API, on, 30 days back, every 30 minutes', () => {
    expect(loadConfig({})).toMatchObject({ HF_API: 'on', HF_API_URL: 'https://huggingface.co', HF_BACKFILL_DAYS: 30, HF_POLL_MINUTES: 30 });
  });

  it('watches a paper for 90 days unless WATCH_DAYS says otherwise, and names a bad value', () => {
    expect(loadConfig({})).toMatchObject({ WATCH_DAYS: 90 });
    expect(loadConfig({ WATCH_DAYS: '14' })).toMatchObject({ WATCH_DAYS: 14 });
    expect(() => loadConfig({ WATCH_DAYS: '0' })).toThrow(/WATCH_DAYS/);
    expect(() => loadConfig({ WATCH_DAYS: 'forever' })).toThrow(/WATCH_DAYS/);
  });

  it('names bad values, and never echoes the token', () => {
    try {
      loadConfig({ HF_API: 'maybe', HF_API_URL: 'ftp://example.org', HF_BACKFILL_DAYS: '-1', HF_TOKEN: 'short' });
      expect.unreachable();
    } catch (err) {
      const problems = (err as ConfigError).problems;
      expect(problems.map((p) => p.split(':')[0])).toEqual(['HF_API', 'HF_API_URL', 'HF_TOKEN', 'HF_BACKFILL_DAYS']);
      expect(problems.join('\n')).not.toContain('short');
    }
  });

  it('keeps the version sent in the User-Agent equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PAPERBOT_VERSION).toBe(pkg.version);
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

describe('replica configuration', () => {
  it('takes a PostgreSQL URL, and refuses anything else without echoing it', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:pw@db:5432/paperbot' }).DATABASE_URL).toBe('postgres://bot:pw@db:5432/paperbot');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/paperbot' }).DATABASE_URL).toBe('postgresql://db/paperbot');
    try {
      loadConfig({ DATABASE_URL: 'mysql://bot:hunter22@db/paperbot' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual(['DATABASE_URL: expected postgres://user:password@host:5432/database']);
    }
  });

  it('masks the database password in logs, on its own as well as in the URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:s3cret-pass@db:5432/paperbot' });
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l), secrets: secretValues(config) });
    log.info('password authentication failed for s3cret-pass at postgres://bot:s3cret-pass@db:5432/paperbot');
    expect(lines.join()).not.toContain('s3cret-pass');
  });

  it('leaves PORT unset unless it is set, so no port opens that nobody asked for', () => {
    expect(loadConfig({}).PORT).toBeUndefined();
    expect(loadConfig({}).HEALTH_PORT).toBeUndefined();
    expect(loadConfig({ PORT: '8080', HEALTH_PORT: '9090' })).toMatchObject({ PORT: 8080, HEALTH_PORT: 9090 });
  });
});
