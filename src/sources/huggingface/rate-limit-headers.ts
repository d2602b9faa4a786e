// How long a server asks us to wait, from the headers it sends: Retry-After
// (seconds or an HTTP date), and the IETF RateLimit fields, both the older
// `RateLimit-Remaining`/`RateLimit-Reset` pair and the structured
// `RateLimit: "policy";r=0;t=30` form (r: requests left, t: seconds to reset).

/** Milliseconds to wait before retrying a 429, if the headers say. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = rateLimitReset(headers);
  return reset === undefined ? undefined : reset * 1000;
}

/** Milliseconds to pause before the next request when the window is used up (remaining 0), else 0. */
export function exhaustedWaitMs(headers: Headers): number {
  const remaining = rateLimitField(headers, 'r') ?? numberHeader(headers, 'ratelimit-remaining');
  if (remaining !== 0) return 0;
  return (rateLimitReset(headers) ?? 0) * 1000;
}

function rateLimitReset(headers: Headers): number | undefined {
  return rateLimitField(headers, 't') ?? rateLimitField(headers, 'reset') ?? numberHeader(headers, 'ratelimit-reset');
}

/** A parameter of the `RateLimit` field: `t` in `"api";r=0;t=30`, or `reset` in `limit=10, remaining=0, reset=30`. */
function rateLimitField(headers: Headers, name: string): number | undefined {
  const field = headers.get('ratelimit');
  if (!field) return undefined;
  const m = new RegExp(`(?:^|[;,\\s])${name}=(\\d+)`).exec(field);
  return m ? Number(m[1]) : undefined;
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const v = headers.get(name)?.trim();
  return v && /^\d+$/.test(v) ? Number(v) : undefined;
}
