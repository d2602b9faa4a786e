// Which failures of a PostgreSQL call mean "the database cannot be reached
// for now" (retry later, answer "temporarily unavailable") rather than a bug
// or a refused request. pg reports them in three shapes: Node socket errors
// (code ECONNREFUSED...), server errors with a SQLSTATE, and its own errors
// that carry only a message.

/** Socket-level failures: the server is down, restarting, or unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

/**
 * SQLSTATEs of a server that is going away or not accepting work:
 * class 08 (connection exception), 57P01-57P03 (admin/crash shutdown,
 * cannot connect now), 53300 (too many connections).
 */
function unavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** pg's own messages for a connection that died or never came. */
const PG_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /connection timeout/i, /query read timeout/i];

/** Whether `err` (from pg or the socket under it) means the database is unreachable for now. */
export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || unavailableSqlState(code))) return true;
  if (PG_MESSAGES.some((re) => re.test(err.message))) return true;
  // An AggregateError (several addresses tried) is unavailable if its parts are.
  if (err instanceof AggregateError) return err.errors.length > 0 && err.errors.every(isUnavailable);
  return false;
}

/** The SQLSTATE of a unique-index violation: the row exists already. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === '23505';
}

/** A failure in words, with its code (ECONNREFUSED, a SQLSTATE) when the message lacks it; every part of an AggregateError. */
export function reason(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(reason).join('; ');
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
