import { memoryOnceKeys, type OnceKeys } from '../store/once-keys.js';

// "An abstract once per thread", decided once for every platform: the first
// ask for a paper's abstract in a thread claims `<channel>:<thread>:<paper>`
// in the once-keys (shared by the replicas through the store); a later ask,
// here or on another replica, is told it is there. After a restart, or for a
// thread the bot wrote into some other way (the daily post), the adapter's
// probe reads the thread itself.

/** What the core answers when the abstract asked for is already in the thread. */
export const ABSTRACT_ALREADY_IN_THREAD = 'That abstract is already in the thread.';

/** A thread an answer may go to, as the adapter knows it. */
export interface EventThread {
  /** The platform's id of the thread (Slack: the parent message's ts; Discord: the message the thread hangs on, which is the thread's id). */
  id: string;
  /**
   * The channel key the thread belongs to, when it is not the event's own:
   * on Discord a thread is a channel of its own, and a mention inside it must
   * claim what a menu on its parent message claims. Default: the event's channel.
   */
  channel?: string;
  /**
   * Whether the thread already holds this paper's abstract, read from the
   * platform. Asked only when no claim says so (after a restart, or for an
   * abstract another path posted); a failure to read answers false.
   */
  holdsAbstract?: (paperId: string) => Promise<boolean>;
}

/** The claims on abstracts posted in threads. */
export interface ThreadAbstracts {
  /** True when this ask may post the abstract (the first, and the thread does not hold it); false when it is there. */
  claim(channel: string, thread: EventThread, paperId: string): Promise<boolean>;
  /** Frees a claim whose abstract could not be delivered, so it can be asked for again. */
  release(channel: string, thread: EventThread, paperId: string): Promise<void>;
}

/** The claims over once-keys: shared ones (src/store/once-keys.ts sharedOnceKeys) for replicas, this process's memory by default. */
export function threadAbstracts(keys: OnceKeys = memoryOnceKeys(10_000)): ThreadAbstracts {
  const key = (channel: string, thread: EventThread, paperId: string) => `${thread.channel ?? channel}:${thread.id}:${paperId}`;
  return {
    async claim(channel, thread, paperId) {
      if (!(await keys.claim(key(channel, thread, paperId)))) return false;
      // Not claimed (a restart forgot it, or the daily post wrote it): the thread itself says whether it is there.
      const holds = await (thread.holdsAbstract?.(paperId) ?? Promise.resolve(false)).catch(() => false);
      return !holds;
    },
    release: (channel, thread, paperId) => keys.release(key(channel, thread, paperId)),
  };
}
