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
  // 3: the SQLite store's 4 and 5: days fetched from the Hugging Face API; a daily and a weekly
  // subscription per channel; the weekly recap ledger; topic follows and what each was alerted.
  `CREATE TABLE live_days (
     date TEXT PRIMARY KEY,
     papers TEXT NOT NULL, -- JSON as text, like digests
     fetched_at BIGINT NOT NULL,
     final BOOLEAN NOT NULL
   );
   ALTER TABLE subscriptions ADD COLUMN cadence TEXT NOT NULL DEFAULT 'daily';
   ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_pkey;
   ALTER TABLE subscriptions ADD PRIMARY KEY (channel, cadence);
   CREATE TABLE recaps (
     channel TEXT NOT NULL,
     week TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     claimed_at BIGINT NOT NULL,
     message_id TEXT,
     error TEXT,
     PRIMARY KEY (channel, week)
   );
   CREATE TABLE follows (
     id BIGSERIAL PRIMARY KEY,
     owner TEXT NOT NULL,
     kind TEXT NOT NULL,
     words TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX follows_owner ON follows (owner);
   -- status: baseline (matched when the follow was made: never alerted), sending, sent, failed.
   CREATE TABLE follow_papers (
     follow_id BIGINT NOT NULL,
     paper_id TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     claimed_at BIGINT NOT NULL,
     message_id TEXT,
     error TEXT,
     PRIMARY KEY (follow_id, paper_id)
   );
   CREATE INDEX follow_papers_failed ON follow_papers (claimed_at) WHERE status = 'failed';`,
  // 4: the transaction that last wrote each digest, so a replica following the archive asks for what
  // changed since its last look (a snapshot) instead of listing every file; see archivedSince.
  `ALTER TABLE digests ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
   CREATE INDEX digests_changed_xid ON digests (changed_xid);`,
  // 5: the SQLite store's 8: watched papers and the changes each was alerted about, once per key.
  `CREATE TABLE watches (
     id BIGSERIAL PRIMARY KEY,
     owner TEXT NOT NULL,
     kind TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     arxiv_id TEXT NOT NULL,
     title TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     ends_at BIGINT NOT NULL,
     checked_at BIGINT,
     seen TEXT NOT NULL, -- JSON as text, like digests
     UNIQUE (owner, paper_id)
   );
   CREATE TABLE watch_alerts (
     watch_id BIGINT NOT NULL,
     key TEXT NOT NULL,
     heading TEXT NOT NULL,
     detail TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     claimed_at BIGINT NOT NULL,
     message_id TEXT,
     error TEXT,
     PRIMARY KEY (watch_id, key)
   );
   CREATE INDEX watch_alerts_failed ON watch_alerts (claimed_at) WHERE status = 'failed';`,
  // 6: the team's signal (SQLite's 9): saved papers, reaction votes (one row per person, paper, message
  // and emoji, so a reaction delivered twice is one row) and "for you" subscriptions.
  `CREATE TABLE saves (
     person TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     team TEXT NOT NULL,
     saved_at BIGINT NOT NULL,
     PRIMARY KEY (person, paper_id)
   );
   CREATE INDEX saves_team ON saves (team, saved_at);
   CREATE TABLE votes (
     person TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     message TEXT NOT NULL,
     emoji TEXT NOT NULL,
     team TEXT NOT NULL,
     voted_at BIGINT NOT NULL,
     PRIMARY KEY (person, paper_id, message, emoji)
   );
   CREATE INDEX votes_team ON votes (team, voted_at);
   CREATE TABLE foryou_subscriptions (
     person TEXT PRIMARY KEY,
     time TEXT NOT NULL,
     timezone TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   -- A weekly recap that posts a team's top instead of Hugging Face's best.
   CREATE TABLE recap_teams (
     channel TEXT PRIMARY KEY,
     team TEXT NOT NULL
   );`,
  // 7: papers looked up on the paper API for a pasted link, by paper id: a save of one, or a button on
  // its card, finds it after a restart and on another replica.
  `CREATE TABLE looked_up_papers (
     paper_id TEXT PRIMARY KEY,
     item TEXT NOT NULL,
     kept_at BIGINT NOT NULL
   );`,
];
