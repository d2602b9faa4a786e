// PostgreSQL schema migrations, applied in order at start inside one
// transaction under an advisory lock (see migrate.ts); the table
// paperbot_migrations records which have run. Never edit a shipped
// migration: add a new one. The SQLite store has its own list (its first
// three steps are this first one): the engines differ in types, not meaning.
export const PG_MIGRATIONS: readonly string[] = [
  // 1: everything the SQLite store had at its version 3.
  `CREATE TABLE subscriptions (
     channel TEXT PRIMARY KEY,
     time TEXT NOT NULL,
     timezone TEXT NOT NULL,
     days SMALLINT[] NOT NULL,
     source TEXT NOT NULL
   );
   CREATE TABLE posts (
     channel TEXT NOT NULL,
     local_day TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     claimed_at BIGINT NOT NULL,
     message_id TEXT,
     error TEXT,
     PRIMARY KEY (channel, local_day)
   );
   -- Never the same paper twice to a channel (a failed attempt does not count).
   CREATE UNIQUE INDEX posts_channel_paper ON posts (channel, paper_id) WHERE status <> 'failed';
   CREATE TABLE run_claims (
     key TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   );
   CREATE TABLE digests (
     file TEXT PRIMARY KEY,
     parsed TEXT NOT NULL, -- JSON as text: jsonb refuses the NUL escape, which a digest may hold
     ingested_at BIGINT NOT NULL
   );`,
  // 2: keys claimed once (Slack event ids answered, abstracts posted), and leases (the Discord gateway).
  `CREATE TABLE once_keys (
     key TEXT PRIMARY KEY,
     expires_at BIGINT NOT NULL
   );
   CREATE INDEX once_keys_expires_at ON once_keys (expires_at);
   CREATE TABLE leases (
     name TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   );`,
];
