import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, parseCommand } from '../../src/commands/parse-command.js';
import { HELP_ENTRIES } from '../../src/commands/registry.js';

describe('parseCommand', () => {
  it('reads the keywords, with or without a leading /paper', () => {
    expect(parseCommand('today').command).toEqual({ kind: 'today' });
    expect(parseCommand('/paper  RANDOM ').command).toEqual({ kind: 'random' });
    expect(parseCommand('help').command).toEqual({ kind: 'help' });
    expect(parseCommand('show 0123456789ab').command).toEqual({ kind: 'show', ref: '0123456789ab' });
    expect(parseCommand('show arXiv:2509.24006v2').command).toEqual({ kind: 'show', ref: 'arXiv:2509.24006v2' });
    // "show <words>" is a show that names no paper (it says so), not a search for "show".
    expect(parseCommand('show sparse').command).toEqual({ kind: 'show', ref: 'sparse' });
  });

  it('treats empty, blank or non-string input as help', () => {
    for (const input of ['', '   ', '/paper', '\u200b\n\t', undefined, 42]) {
      expect(parseCommand(input).command).toEqual({ kind: 'help' });
    }
  });

  it('treats anything else as a search, with an optional trailing page', () => {
    expect(parseCommand('/paper sparse   autoencoders').command).toEqual({ kind: 'search', query: 'sparse autoencoders', page: 1 });
    expect(parseCommand('sparse autoencoders page 2').command).toEqual({ kind: 'search', query: 'sparse autoencoders', page: 2 });
    expect(parseCommand('today papers').command).toEqual({ kind: 'search', query: 'today papers', page: 1 });
    expect(parseCommand('page 2').command).toEqual({ kind: 'search', query: 'page 2', page: 1 });
  });

  it('searches quoted words that begin like a command, as typed on any keyboard', () => {
    expect(parseCommand('follow ups').command).toMatchObject({ kind: 'follow' });
    expect(parseCommand('"follow ups"').command).toEqual({ kind: 'search', query: 'follow ups', page: 1 });
    expect(parseCommand('/paper “related work” page 2').command).toEqual({ kind: 'search', query: 'related work', page: 2 });
    expect(parseCommand("'cite this'").command).toEqual({ kind: 'search', query: 'cite this', page: 1 });
    // Unbalanced or empty quotes stay part of the words.
    expect(parseCommand('"follow ups').command).toMatchObject({ kind: 'search', query: '"follow ups' });
    expect(parseCommand('""').command).toMatchObject({ kind: 'search', query: '""' });
    // Only a command's own keyword claims text: "like humans" and "similar images" are searches.
    expect(parseCommand('like humans').command).toMatchObject({ kind: 'search' });
    expect(parseCommand('similar images').command).toMatchObject({ kind: 'search' });
  });

  it('keeps markup, mentions and emoji as plain search text', () => {
    expect(parseCommand('<!channel> @everyone *bold* 🚀').command).toEqual({
      kind: 'search',
      query: '<!channel> @everyone *bold* 🚀',
      page: 1,
    });
  });

  it('cuts a 10 kB query to the limit with a note, at a word and never inside an emoji', () => {
    const long = 'sparse autoencoders '.repeat(500);
    const { command, notes } = parseCommand(long);
    expect(command?.kind).toBe('search');
    if (command?.kind !== 'search') return;
    expect(command.query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(command.query.endsWith('autoencoders') || command.query.endsWith('sparse')).toBe(true);
    expect(notes).toEqual([expect.stringContaining('searched for its first')]);

    const emoji = parseCommand('🚀'.repeat(5000)).command;
    expect(emoji?.kind === 'search' && /[\ud800-\udbff]$/.test(emoji.query)).toBe(false);
  });
});

describe('the command registry', () => {
  it('answers a command whose arguments fail its schema with its usage, not a search', () => {
    const parsed = parseCommand(`subscribe ${'x'.repeat(80)}`);
    expect(parsed.command).toBeUndefined();
    expect(parsed).toMatchObject({ problem: expect.stringContaining('Usage: /paper subscribe [HH:MM] [time zone]') });
  });

  it('answers "show" alone with its usage, not a search for "show"', () => {
    for (const text of ['show', '/paper show', ' SHOW  ']) {
      expect(parseCommand(text), text).toMatchObject({ problem: 'I could not read that command. Usage: /paper show <paper id | arXiv id | link>' });
    }
  });

  it('lists every command in the help, search first', () => {
    const usages = HELP_ENTRIES.map((e) => e.usage);
    expect(usages[0]).toBe('/paper <words>');
    for (const word of ['today', 'random', 'show', 'subscribe', 'unsubscribe', 'subscriptions', 'next', 'help']) {
      expect(usages.some((u) => u.startsWith(`/paper ${word}`))).toBe(true);
    }
  });
});
