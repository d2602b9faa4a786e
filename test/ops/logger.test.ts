import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';

const SECRET = 'xoxb-1234567890-abcdefghij';

function capture(format: 'text' | 'json', level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, format, secrets: [SECRET], write: (l) => lines.push(l) });
  return { logger, lines };
}

describe('text logs', () => {
  it('keep the existing one-line form, with context after the message', () => {
    const { logger, lines } = capture('text');
    logger.info('started');
    logger.warn('slow', { ms: 1200, channel: 'slack:C1' });
    logger.error('answering failed', { err: new TypeError('boom') });
    expect(lines[0]).toBe('started');
    expect(lines[1]).toBe('warn: slow (ms=1200 channel=slack:C1)');
    expect(lines[2]).toMatch(/^error: answering failed \(err="TypeError: boom at .*logger\.test\.ts:\d+:\d+"\)$/);
  });

  it('mask secrets and drop control and bidi characters that could forge or reorder a line', () => {
    const { logger, lines } = capture('text');
    logger.error(`token ${SECRET} in \u001b[2Jtext \u202egnp.exe`, { header: `Bearer ${SECRET}` });
    expect(lines[0]).toBe('error: token [redacted] in [2Jtext gnp.exe (header="Bearer [redacted]")');
  });
});

describe('JSON logs (LOG_FORMAT=json)', () => {
  it('write one JSON object per line with level, time, message and context', () => {
    const { logger, lines } = capture('json', 'debug');
    logger.debug('d');
    logger.info('loaded', { papers: 84 });
    logger.warn('multi\nline message');
    expect(lines).toHaveLength(3);
    const [d, i, w] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(d).toMatchObject({ level: 'debug', msg: 'd' });
    expect(i).toMatchObject({ level: 'info', msg: 'loaded', papers: 84 });
    expect(typeof i!.time).toBe('string');
    expect(w).toMatchObject({ level: 'warn', msg: 'multi\nline message' });
    for (const line of lines) expect(line).not.toContain('\n');
  });

  it('serialize errors with their cause and stack, and mask secrets everywhere in the line', () => {
    const { logger, lines } = capture('json');
    const err = new Error(`request failed for ${SECRET}`, { cause: new Error('ECONNRESET') });
    logger.error(`answering /paper failed (${SECRET})`, { err, token: SECRET });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(SECRET);
    const entry = JSON.parse(lines[0]!) as { level: string; msg: string; token: string; err: { type: string; message: string; stack: string } };
    expect(entry).toMatchObject({ level: 'error', msg: 'answering /paper failed ([redacted])', token: '[redacted]' });
    expect(entry.err).toMatchObject({ type: 'Error', message: expect.stringContaining('[redacted]') });
    expect(entry.err.stack).toContain('logger.test.ts');
    expect(lines[0]).toContain('ECONNRESET');
  });

  it('respect the level, and write nothing when silent', () => {
    const warnOnly = capture('json', 'warn');
    warnOnly.logger.info('no');
    warnOnly.logger.error('yes');
    expect(warnOnly.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['yes']);
    const silent = capture('json', 'silent');
    silent.logger.error('no');
    expect(silent.lines).toEqual([]);
  });
});
