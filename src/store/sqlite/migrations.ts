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
  // 4: days fetched from the Hugging Face daily-papers API, so a restart re-fetches only the recent ones.
  `CREATE TABLE live_days (
     date TEXT PRIMARY KEY,
     papers TEXT NOT NULL,
     fetched_at INTEGER NOT NULL,
     final INTEGER NOT NULL
   );`,
  // 5: a channel may have a daily and a weekly subscription; the weekly recap ledger; topic follows and
  // the papers each follow was (or will never be) alerted about.
  `CREATE TABLE subscriptions_by_cadence (
     channel TEXT NOT NULL,
     cadence TEXT NOT NULL,
     time TEXT NOT NULL,
     timezone TEXT NOT NULL,
     source TEXT NOT NULL,
     days TEXT NOT NULL,
     PRIMARY KEY (channel, cadence)
   );
   INSERT INTO subscriptions_by_cadence (channel, cadence, time, timezone, source, days)
     SELECT channel, 'daily', time, timezone, source, days FROM subscriptions;
   DROP TABLE subscriptions;
   ALTER TABLE subscriptions_by_cadence RENAME TO subscriptions;
   CREATE TABLE recaps (
     channel TEXT NOT NULL,
     week TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     claimed_at INTEGER NOT NULL,
     message_id TEXT,
     error TEXT,
     PRIMARY KEY (channel, week)
   );
   CREATE TABLE follows (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     owner TEXT NOT NULL,
     kind TEXT NOT NULL,
     words TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX follows_owner ON follows (owner);
   -- status: baseline (matched when the follow was made: never alerted), sending, sent, failed.
   CREATE TABLE follow_papers (
     follow_id INTEGER NOT NULL,
     paper_id TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     claimed_at INTEGER NOT NULL,
     message_id TEXT,
     error TEXT,
     PRIMARY KEY (follow_id, paper_id)
   );
   CREATE INDEX follow_papers_failed ON follow_papers (status) WHERE status = 'failed';`,
  // 6: keys claimed once (Slack event ids answered, abstracts posted), and leases (the Discord gateway).
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
  // 7: a change number per digest, so a replica following the archive asks for what changed since its
  // last look instead of listing every file (seq: the highest in the table plus one, at each write).
  `ALTER TABLE digests ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
   UPDATE digests SET seq = rowid;
   CREATE INDEX digests_seq ON digests (seq);`,
  // 8: watched papers (one per owner and paper) and the changes each was alerted about, once per key.
  `CREATE TABLE watches (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     owner TEXT NOT NULL,
     kind TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     arxiv_id TEXT NOT NULL,
     title TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     ends_at INTEGER NOT NULL,
     checked_at INTEGER,
     seen TEXT NOT NULL,
     UNIQUE (owner, paper_id)
   );
   CREATE TABLE watch_alerts (
     watch_id INTEGER NOT NULL,
     key TEXT NOT NULL,
     heading TEXT NOT NULL,
     detail TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     claimed_at INTEGER NOT NULL,
     message_id TEXT,
     error TEXT,
     PRIMARY KEY (watch_id, key)
   );
   CREATE INDEX watch_alerts_failed ON watch_alerts (status) WHERE status = 'failed';`,
  // 9: the team's signal: each person's saved papers, the reactions that voted for a paper (one row per
  // person, paper, message and emoji, so a reaction delivered twice is one row), and "for you" subscriptions.
  `CREATE TABLE saves (
     person TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     team TEXT NOT NULL,
     saved_at INTEGER NOT NULL,
     PRIMARY KEY (person, paper_id)
   );
   CREATE INDEX saves_team ON saves (team, saved_at);
   CREATE TABLE votes (
     person TEXT NOT NULL,
     paper_id TEXT NOT NULL,
     message TEXT NOT NULL,
     emoji TEXT NOT NULL,
     team TEXT NOT NULL,
     voted_at INTEGER NOT NULL,
     PRIMARY KEY (person, paper_id, message, emoji)
   );
   CREATE INDEX votes_team ON votes (team, voted_at);
   CREATE TABLE foryou_subscriptions (
     person TEXT PRIMARY KEY,
     time TEXT NOT NULL,
     timezone TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   -- A weekly recap that posts a team's top instead of Hugging Face's best.
   CREATE TABLE recap_teams (
     channel TEXT PRIMARY KEY,
     team TEXT NOT NULL
   );`,
  // 10: papers looked up on the paper API for a pasted link, by paper id: a save of one, or a button on
  // its card, finds it after a restart and on another replica.
  `CREATE TABLE looked_up_papers (
     paper_id TEXT PRIMARY KEY,
     item TEXT NOT NULL,
     kept_at INTEGER NOT NULL
   );`,
];
