import { RecipientGoneError, type ChatAdapter, type PostedPaper, type PostTarget } from '../../src/adapter.js';
import type { Reply } from '../../src/commands/reply.js';

/**
 * A chat adapter that records what it was asked to post. `failWith` makes
 * the next posts throw (a message, or 'gone' for a recipient that is gone).
 */
export function recordingAdapter(platform = 'slack') {
  const posts: { channel: string; title: string }[] = [];
  const replies: { target: PostTarget; reply: Reply }[] = [];
  let fail: string | undefined;
  const check = () => {
    if (fail === 'gone') throw new RecipientGoneError(`${platform}: gone`);
    if (fail) throw new Error(fail);
  };
  const adapter: ChatAdapter & { posts: typeof posts; replies: typeof replies; failWith(e?: string): void } = {
    platform,
    posts,
    replies,
    failWith: (e) => (fail = e),
    start: async () => undefined,
    stop: async () => undefined,
    postPaper: async (channel, paper): Promise<PostedPaper> => {
      check();
      posts.push({ channel, title: paper.title });
      return { channel, messageId: `m${posts.length}` };
    },
    post: async (target, reply): Promise<PostedPaper> => {
      check();
      replies.push({ target, reply });
      return { channel: target.id, messageId: `r${replies.length}` };
    },
  };
  return adapter;
}
