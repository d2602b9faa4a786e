import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

describe('configuration', () => {
  it('has defaults for everything the console needs', () => {
    expect(loadConfig({})).toEqual({ DIGEST_DIR: 'seeds', DATA_DIR: 'data', LOG_LEVEL: 'info' });
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
