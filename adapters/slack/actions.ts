import { z } from 'zod';
import { pageActionId, paperActionId, parseActionId, type PaperActionKind } from '../../src/conversation/actions.js';

// Slack's side of the core's actions: how an action id rides in Block Kit,
// and how it is read back from a click, a menu choice or a thread's parent
// message. The core's ids (abs:<paper id>, ...) go in values, which Slack
// hands back as they were sent, so they work after a restart.

/** Action ids: `paper_<n>` for a result's overflow menu, `paper_<n>_<kind>` for a paper's buttons, and one "more". */
export const ACTION = { paper: 'paper_', more: 'more_results' } as const;

/**
 * Every action paperbot answers. `abstract_<i>`, `cite_<i>` and `related_<i>`
 * (the paper id as the value) are the buttons of messages posted before the
 * menus: they keep working.
 */
export const ACTION_PATTERN = /^(?:paper_\d+(?:_[a-z]+)?|(?:abstract|cite|related)_\d+|more_results)$/;

const LEGACY = /^(abstract|cite|related)_(\d+)$/;
const MoreValueSchema = z.object({ q: z.string().min(1).max(2000), p: z.number().int().min(1).max(1000) });
/** What paperbot reads of a block action: a button's value or an overflow menu's chosen option. */
const BlockActionSchema = z.object({
  action_id: z.string(),
  value: z.string().optional(),
  selected_option: z.object({ value: z.string() }).optional(),
});

/** A click decoded for the core: its action id (and a page's query); undefined for an action that is not paperbot's. */
export function decodeAction(action: unknown): { id: string; query?: string } | undefined {
  const parsed = BlockActionSchema.safeParse(action);
  if (!parsed.success) return undefined;
  const { action_id: actionId, value, selected_option: option } = parsed.data;
  if (actionId === ACTION.more) {
    const more = MoreValueSchema.safeParse(safeJson(value ?? ''));
    // An unreadable value is still answered: the core says the button is out of date.
    return more.success ? { id: pageActionId(more.data.p), query: more.data.q } : { id: 'stale' };
  }
  const legacy = LEGACY.exec(actionId);
  if (legacy) return { id: paperActionId(legacy[1] as PaperActionKind, value ?? '') };
  if (actionId.startsWith(ACTION.paper)) return { id: option?.value ?? value ?? 'stale' };
  return undefined;
}

/** The "More results" button value: what the next page needs, no server state. */
export function moreValue(query: string, page: number): string {
  return JSON.stringify({ q: query.slice(0, 1500), p: page });
}

/** conversations.replies, as far as paperbot reads it: each message's blocks, their ids, buttons and menus. */
export const ThreadMessagesSchema = z.object({
  messages: z
    .array(
      z
        .object({
          /** The message's id in its channel. */
          ts: z.string().optional(),
          blocks: z
            .array(
              z
                .object({
                  block_id: z.string().optional(),
                  accessory: z.object({ action_id: z.string().optional(), options: z.array(z.object({ value: z.string() }).partial()).optional() }).partial().passthrough().optional(),
                  elements: z.array(z.object({ action_id: z.string(), value: z.string() }).partial().passthrough()).optional(),
                })
                .passthrough(),
            )
            .optional(),
        })
        .passthrough(),
    )
    .optional(),
});

type Block = NonNullable<NonNullable<z.infer<typeof ThreadMessagesSchema>['messages']>[number]['blocks']>[number];

/**
 * The papers of a message by the numbers it shows them with: a result's menu
 * is `paper_<n>`, a paper's buttons `paper_<n>_<kind>`. Older messages had
 * `abstract_<i>` buttons, numbered by their order in the message.
 */
export function numberedPapers(blocks: readonly Block[]): ReadonlyMap<number, string> {
  const papers = new Map<number, string>();
  const add = (actionId: string | undefined, values: (string | undefined)[]) => {
    const n = /^paper_(\d+)(?:_[a-z]+)?$/.exec(actionId ?? '');
    if (!n) return;
    for (const value of values) {
      const ref = parseActionId(value ?? '');
      if (ref?.kind === 'abstract') papers.set(Number(n[1]), ref.paperId);
    }
  };
  let legacy = 0;
  for (const block of blocks) {
    add(block.accessory?.action_id, (block.accessory?.options ?? []).map((o) => o.value));
    for (const element of block.elements ?? []) {
      add(element.action_id, [element.value]);
      if (element.action_id?.startsWith('abstract_') && /^[0-9a-f]{12}$/.test(element.value ?? '')) papers.set(++legacy, element.value!);
    }
  }
  return papers;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
