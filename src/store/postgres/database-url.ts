// DATABASE_URL carries a password; nothing paperbot shows (logs, errors,
// Store.location, /readyz) may. These helpers read it once.

/** `postgres://user@host:port/database`: the URL without its password or query, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username === '' ? '' : `${decodeURIComponent(u.username)}@`;
    return `${u.protocol}//${user}${u.host}${u.pathname}`;
  } catch {
    return 'postgres://(an unparsable DATABASE_URL)';
  }
}

/** The password in a database URL (in the userinfo or a `password` parameter), to mask in logs. */
export function databasePassword(url: string): string | undefined {
  try {
    const u = new URL(url);
    const password = u.password === '' ? u.searchParams.get('password') : decodeURIComponent(u.password);
    return password === null || password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/** Whether a URL names a PostgreSQL database (the schemes libpq and pg accept). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(url);
}
