import { describe, expect, it } from 'vitest';
import { dayFromFileName, parseDateLine, readDateLine, resolveDay } from '../../../src/sources/digest/digest-date.js';

describe('date lines', () => {
  it('reads the forms the email uses and a few more', () => {
    expect(parseDateLine('Apr 21')).toEqual({ month: 4, day: 21 });
    expect(parseDateLine('April 21')).toEqual({ month: 4, day: 21 });
    expect(parseDateLine('Sept. 3')).toEqual({ month: 9, day: 3 });
    expect(parseDateLine('Dec 1, 2024')).toEqual({ month: 12, day: 1, year: 2024 });
  });

  it('says why a date-shaped line is not a day', () => {
    expect(readDateLine('Feb 30')).toEqual({ problem: '"Feb 30" is not a date (February has at most 29 days)' });
    expect(readDateLine('Apr 31')).toEqual({ problem: '"Apr 31" is not a date (April has 30 days)' });
    expect(readDateLine('Feb 29, 2025')).toEqual({ problem: '"Feb 29, 2025" is not a date (2025 is not a leap year)' });
    expect(readDateLine('Mar 0')).toEqual({ problem: '"Mar 0" is not a date (days start at 1)' });
    expect(readDateLine('Feb 29')).toEqual({ month: 2, day: 29 });
    expect(readDateLine('April showers')).toBeUndefined();
  });

  it('rejects text that is not a day', () => {
    for (const text of ['Apr 32', 'Feb 30', 'April showers', 'May the force', 'Mar 21 papers', '21 Apr', '']) {
      expect(parseDateLine(text)).toBeUndefined();
    }
  });
});

describe('the year rule: the latest such day not after the anchor', () => {
  const at = (day: string, slackDays = 0) => ({ day, slackDays });

  it('uses this year when the day has passed, last year when it has not', () => {
    expect(resolveDay({ month: 4, day: 21 }, at('2026-11-28'))).toBe('2026-04-21');
    expect(resolveDay({ month: 12, day: 30 }, at('2026-01-02'))).toBe('2025-12-30');
    expect(resolveDay({ month: 4, day: 21 }, at('2026-04-21'))).toBe('2026-04-21');
  });

  it('allows one day of slack for time zones ahead of UTC', () => {
    expect(resolveDay({ month: 4, day: 22 }, at('2026-04-21', 1))).toBe('2026-04-22');
    expect(resolveDay({ month: 4, day: 22 }, at('2026-04-21', 0))).toBe('2025-04-22');
  });

  it('finds the last leap year for Feb 29', () => {
    expect(resolveDay({ month: 2, day: 29 }, at('2026-11-28'))).toBe('2024-02-29');
  });

  it('uses an explicit year as written', () => {
    expect(resolveDay({ month: 4, day: 21, year: 2023 }, at('2026-11-28'))).toBe('2023-04-21');
  });

  it('reads a day from a file name', () => {
    expect(dayFromFileName('hf-2024-04-22.txt')).toBe('2024-04-22');
    expect(dayFromFileName('hf-2024-13-22.txt')).toBeUndefined();
    expect(dayFromFileName('hf-apr-21.txt')).toBeUndefined();
  });
});
