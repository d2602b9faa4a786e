// Schema migrations, applied in order at start; PRAGMA user_version records
// how many have run. Never edit a shipped migration: add a new one.
export const MIGRATIONS: readonly string[] = [
  // 1: subscriptions and the posted ledger.
  `CREATE TABLE subscriptions (
     channel TEXT PRIMARY KEY,
     time TEXT NOT NULL,
     timezone TEXT NOT NULL,
     source TEXT NOT NULL
   );
   CREATE TABLE posts (
     channel TEXT NOT NULL,
     local_day TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     claimed_at INTEGER NOT NULL,
     message_id TEXT,
     error TEXT,
     PRIMARY KEY (channel, local_day)
   );
   -- Never the same paper twice to a channel (a failed attempt does not count).
   CREATE UNIQUE INDEX posts_channel_paper ON posts (channel, paper_id) WHERE status != 'failed';`,
  // 2: which weekdays a subscription posts on (DAILY_DAYS); run claims for several processes.
  `ALTER TABLE subscriptions ADD COLUMN days TEXT NOT NULL DEFAULT '0,1,2,3,4,5,6';
   CREATE TABLE run_claims (
     key TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );`,
  // 3: every digest ever ingested, so its papers survive the file being deleted or broken later.
  `CREATE TABLE digests (
     file TEXT PRIMARY KEY,
     parsed TEXT NOT NULL,
     ingested_at INTEGER NOT NULL
   );`,
  // 4: keys claimed once (Slack event ids answered, abstracts posted), and leases (the Discord gateway).
  `CREATE TABLE once_keys (
     key TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX once_keys_expires_at ON once_keys (expires_at);
   CREATE TABLE leases (
     name TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );`,
];
