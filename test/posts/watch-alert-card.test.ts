import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render-text.js';
import { renderReply as renderDiscord } from '../../adapters/discord/render.js';
import { renderReply as renderSlack } from '../../adapters/slack/render.js';
import type { Reply } from '../../src/commands/reply.js';

// A watch alert is the paper's card under what changed: every renderer shows the heading and its lines.
const alert: Reply = {
  kind: 'card',
  heading: 'Watched paper: a model linked on the Hub @everyone',
  lines: ['Models on the Hub (1): org/<probe>*7b*', 'Watching until Feb 25, 2027; /paper unwatch 2511.10000 stops it.'],
  cards: [
    {
      id: '0123456789ab',
      title: 'Sparse Probes for Everything',
      date: '2026-11-20',
      rank: 2,
      snippet: 'We probe.',
      digestCount: 1,
      arxivId: '2511.10000',
      links: [{ label: 'arXiv', url: 'https://arxiv.org/abs/2511.10000' }],
      linked: { models: 1, datasets: 0, spaces: 2 },
    },
  ],
  notes: [],
};

describe('a watch alert card', () => {
  it('the console shows the heading, what changed, then the card with its Hub counts', () => {
    const text = renderText(alert, 200);
    expect(text).toMatch(/^Watched paper: a model linked on the Hub @everyone:\n\s+Models on the Hub \(1\): org\/<probe>\*7b\*\n\s+Watching until Feb 25, 2027/);
    expect(text).toMatch(/ 1\. Sparse Probes for Everything\n[\s\S]*Linked on Hugging Face: 1 model · 0 datasets · 2 Spaces/);
  });

  it('Slack shows the heading as a header, what changed escaped, then the card with its buttons', () => {
    const msg = renderSlack(alert);
    expect(msg.text).toContain('Watched paper: a model linked on the Hub');
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('org/&lt;probe&gt;');
    expect(json).not.toMatch(/<!everyone>|<probe>/);
    expect(json).toContain('Linked on Hugging Face: 1 model · 0 datasets · 2 Spaces');
    expect(msg.blocks.at(-1)).toMatchObject({ type: 'actions' });
    expect(JSON.stringify(msg.blocks.at(-1))).toContain('save:0123456789ab');
  });

  it('Discord puts the heading and what changed above the card, pinging no one, with Save on it', () => {
    const p = renderDiscord(alert);
    expect(p.content).toMatch(/^\*\*Watched paper: a model linked on the Hub .*\*\*\nModels on the Hub/);
    expect(p.content).not.toContain('@everyone');
    expect(p.allowed_mentions).toMatchObject({ parse: [] });
    expect(p.embeds[0]!.description).toContain('Linked on Hugging Face: 1 model · 0 datasets · 2 Spaces');
    expect(JSON.stringify(p.components)).toContain('save:0123456789ab');
  });
});
