import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';
import { installProcessGuard, withErrorContext } from '../../src/ops/process-guard.js';

describe('the process guard', () => {
  it('logs an escaped error with what was being handled, lets that request be answered, and keeps running', async () => {
    const target = new EventEmitter();
    const logs: string[] = [];
    const answered: unknown[] = [];
    const remove = installProcessGuard(createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: ['xoxb-secret-token'] }), target);
    // Node emits these for the rejected promise's own async context; here the test emits them inside it.
    await withErrorContext({ what: 'handling a Slack request (POST /slack/events)', onError: (err) => answered.push(err) }, async () => {
      await Promise.resolve();
      target.emit('unhandledRejection', new TypeError("Cannot read properties of null (reading 'ssl_check') with xoxb-secret-token"));
    });
    target.emit('uncaughtException', new Error('boom'));
    remove();
    expect(logs[0]).toMatch(/^error: unexpected error \(unhandled rejection\) while handling a Slack request \(POST \/slack\/events\); paperbot keeps running: TypeError: Cannot read properties of null/);
    expect(logs[0]).toContain('[redacted]');
    expect(logs[0]).toMatch(/\n\s+at /); // where it happened
    expect(answered).toHaveLength(1);
    expect(logs[1]).toContain('unexpected error (uncaught exception) while outside any request; paperbot keeps running: Error: boom');
    expect(target.listenerCount('uncaughtException') + target.listenerCount('unhandledRejection')).toBe(0);
  });
});
