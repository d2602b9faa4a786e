import type Database from 'better-sqlite3';
import { TEAM_TOP_SQL, TeamRow, toForYou, toSave, toTopEntry, toVoted } from '../signal-rows.js';
import { ForYouSubscriptionSchema, SaveSchema, TeamKeySchema, VoteSchema, type ForgottenRows, type SignalStore } from '../store.js';

// SQLite's signal role: saves, reaction votes and "for you" subscriptions;
// primary keys make a repeated save or reaction one row.

export function sqliteSignals(db: Database.Database): SignalStore {
  return {
    async addSave(save) {
      const s = SaveSchema.parse(save);
      return db.prepare('INSERT OR IGNORE INTO saves (person, paper_id, team, saved_at) VALUES (?, ?, ?, ?)').run(s.person, s.paperId, s.team, s.savedAt).changes === 1;
    },
    async removeSave(person, paperId) {
      return db.prepare('DELETE FROM saves WHERE person = ? AND paper_id = ?').run(person, paperId).changes > 0;
    },
    async removeAllSaves(person) {
      return db.prepare('DELETE FROM saves WHERE person = ?').run(person).changes;
    },
    async listSaves(person) {
      return db.prepare('SELECT * FROM saves WHERE person = ? ORDER BY saved_at DESC, paper_id').all(person).map(toSave);
    },
    async addVote(vote) {
      const v = VoteSchema.parse(vote);
      return (
        db.prepare('INSERT OR IGNORE INTO votes (person, paper_id, message, emoji, team, voted_at) VALUES (?, ?, ?, ?, ?, ?)').run(v.person, v.paperId, v.message, v.emoji, v.team, v.votedAt).changes === 1
      );
    },
    async removeVote(v) {
      return db.prepare('DELETE FROM votes WHERE person = ? AND paper_id = ? AND message = ? AND emoji = ?').run(v.person, v.paperId, v.message, v.emoji).changes > 0;
    },
    async removeMessageVotes(message, emoji) {
      if (emoji === undefined) return db.prepare('DELETE FROM votes WHERE message = ?').run(message).changes;
      return db.prepare('DELETE FROM votes WHERE message = ? AND emoji = ?').run(message, emoji).changes;
    },
    async listVotedPapers(person) {
      return db.prepare('SELECT paper_id, MIN(voted_at) AS voted_at FROM votes WHERE person = ? GROUP BY paper_id ORDER BY voted_at DESC, paper_id').all(person).map(toVoted);
    },
    async teamTop(team, since, limit) {
      return db.prepare(TEAM_TOP_SQL).all(team, since, team, since, limit).map(toTopEntry);
    },
    async upsertForYou(sub) {
      const s = ForYouSubscriptionSchema.parse(sub);
      db.prepare('INSERT INTO foryou_subscriptions (person, time, timezone, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (person) DO UPDATE SET time = excluded.time, timezone = excluded.timezone').run(
        s.person,
        s.time,
        s.timezone,
        s.createdAt,
      );
    },
    async getForYou(person) {
      const row = db.prepare('SELECT * FROM foryou_subscriptions WHERE person = ?').get(person);
      return row === undefined ? undefined : toForYou(row);
    },
    async removeForYou(person) {
      return db.prepare('DELETE FROM foryou_subscriptions WHERE person = ?').run(person).changes > 0;
    },
    async hasSignals() {
      return db.prepare('SELECT EXISTS (SELECT 1 FROM saves) OR EXISTS (SELECT 1 FROM votes) AS any').pluck().get() === 1;
    },
    async listForYou() {
      return db.prepare('SELECT * FROM foryou_subscriptions ORDER BY person').all().map(toForYou);
    },
    async forgetPerson(person, ledgerKey): Promise<ForgottenRows> {
      return db.transaction(() => ({
        saves: db.prepare('DELETE FROM saves WHERE person = ?').run(person).changes,
        votes: db.prepare('DELETE FROM votes WHERE person = ?').run(person).changes,
        subscriptions: db.prepare('DELETE FROM foryou_subscriptions WHERE person = ?').run(person).changes,
        deliveries: db.prepare('DELETE FROM posts WHERE channel = ?').run(ledgerKey).changes,
      })).immediate();
    },
    async setRecapTeam(channel, team) {
      if (team === undefined) db.prepare('DELETE FROM recap_teams WHERE channel = ?').run(channel);
      else db.prepare('INSERT INTO recap_teams (channel, team) VALUES (?, ?) ON CONFLICT (channel) DO UPDATE SET team = excluded.team').run(channel, TeamKeySchema.parse(team));
    },
    async recapTeam(channel) {
      const row = db.prepare('SELECT team FROM recap_teams WHERE channel = ?').get(channel);
      return row === undefined ? undefined : TeamRow.parse(row).team;
    },
  };
}
