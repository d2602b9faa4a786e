import { TEAM_TOP_SQL, TeamRow, toForYou, toSave, toTopEntry, toVoted } from '../signal-rows.js';
import { ForYouSubscriptionSchema, SaveSchema, TeamKeySchema, VoteSchema, type ForgottenRows, type SignalStore } from '../store.js';
import type { PgConnection } from './pg-connection.js';

// PostgreSQL's signal role: saves, reaction votes and "for you" subscriptions;
// primary keys with ON CONFLICT DO NOTHING make a repeated save or reaction
// one row, whichever replica it reaches.

/** `?` placeholders numbered `$1`, `$2`, ... */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
const TOP = numbered(TEAM_TOP_SQL);

export function pgSignals(db: PgConnection): SignalStore {
  const changed = async (sql: string, values: unknown[]) => {
    let count = 0;
    await db.transaction(async (tx) => {
      count = (await tx.query(sql, values)).rowCount ?? 0;
    });
    return count;
  };
  return {
    async addSave(save) {
      const s = SaveSchema.parse(save);
      return (await changed('INSERT INTO saves (person, paper_id, team, saved_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [s.person, s.paperId, s.team, s.savedAt])) === 1;
    },
    async removeSave(person, paperId) {
      return (await changed('DELETE FROM saves WHERE person = $1 AND paper_id = $2', [person, paperId])) > 0;
    },
    async removeAllSaves(person) {
      return changed('DELETE FROM saves WHERE person = $1', [person]);
    },
    async listSaves(person) {
      return (await db.query('SELECT * FROM saves WHERE person = $1 ORDER BY saved_at DESC, paper_id', [person])).map(toSave);
    },
    async addVote(vote) {
      const v = VoteSchema.parse(vote);
      return (
        (await changed('INSERT INTO votes (person, paper_id, message, emoji, team, voted_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [v.person, v.paperId, v.message, v.emoji, v.team, v.votedAt])) ===
        1
      );
    },
    async removeVote(v) {
      return (await changed('DELETE FROM votes WHERE person = $1 AND paper_id = $2 AND message = $3 AND emoji = $4', [v.person, v.paperId, v.message, v.emoji])) > 0;
    },
    async removeMessageVotes(message, emoji) {
      if (emoji === undefined) return changed('DELETE FROM votes WHERE message = $1', [message]);
      return changed('DELETE FROM votes WHERE message = $1 AND emoji = $2', [message, emoji]);
    },
    async listVotedPapers(person) {
      return (await db.query('SELECT paper_id, MIN(voted_at) AS voted_at FROM votes WHERE person = $1 GROUP BY paper_id ORDER BY voted_at DESC, paper_id', [person])).map(toVoted);
    },
    async teamTop(team, since, limit) {
      return (await db.query(TOP, [team, since, team, since, limit])).map(toTopEntry);
    },
    async upsertForYou(sub) {
      const s = ForYouSubscriptionSchema.parse(sub);
      await db.query('INSERT INTO foryou_subscriptions (person, time, timezone, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (person) DO UPDATE SET time = EXCLUDED.time, timezone = EXCLUDED.timezone', [
        s.person,
        s.time,
        s.timezone,
        s.createdAt,
      ]);
    },
    async getForYou(person) {
      const rows = await db.query('SELECT * FROM foryou_subscriptions WHERE person = $1', [person]);
      return rows.length === 0 ? undefined : toForYou(rows[0]);
    },
    async removeForYou(person) {
      return (await changed('DELETE FROM foryou_subscriptions WHERE person = $1', [person])) > 0;
    },
    async hasSignals() {
      const [row] = await db.query('SELECT (EXISTS (SELECT 1 FROM saves) OR EXISTS (SELECT 1 FROM votes)) AS any');
      return (row as { any: boolean } | undefined)?.any === true;
    },
    async listForYou() {
      return (await db.query('SELECT * FROM foryou_subscriptions ORDER BY person')).map(toForYou);
    },
    async forgetPerson(person, ledgerKey): Promise<ForgottenRows> {
      return db.transaction(async (tx) => {
        const del = async (sql: string, value: string) => (await tx.query(sql, [value])).rowCount ?? 0;
        return {
          saves: await del('DELETE FROM saves WHERE person = $1', person),
          votes: await del('DELETE FROM votes WHERE person = $1', person),
          subscriptions: await del('DELETE FROM foryou_subscriptions WHERE person = $1', person),
          deliveries: await del('DELETE FROM posts WHERE channel = $1', ledgerKey),
        };
      });
    },
    async setRecapTeam(channel, team) {
      if (team === undefined) await db.query('DELETE FROM recap_teams WHERE channel = $1', [channel]);
      else await db.query('INSERT INTO recap_teams (channel, team) VALUES ($1, $2) ON CONFLICT (channel) DO UPDATE SET team = EXCLUDED.team', [channel, TeamKeySchema.parse(team)]);
    },
    async recapTeam(channel) {
      const [row] = await db.query('SELECT team FROM recap_teams WHERE channel = $1', [channel]);
      return row === undefined ? undefined : TeamRow.parse(row).team;
    },
  };
}
