import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import { ConnectionLanes, INTERACTIVE_IN_A_ROW, runInteractive } from '../../db/connection-lanes';

/** Lets every pending callback run: microtasks, and the loop's next turns. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the embedded database hands its one connection to interactive work first', () => {
  it('gives a freed connection to an interactive waiter before background waiters that queued earlier', async () => {
    const lanes = new ConnectionLanes();
    const order: string[] = [];
    await lanes.take('background'); // held
    const waiter = (lane: 'interactive' | 'background', name: string) =>
      lanes.take(lane).then(() => {
        order.push(name);
        lanes.release();
      });
    const all = [waiter('background', 'save 1'), waiter('background', 'save 2'), waiter('interactive', 'inbox')];
    lanes.release();
    await Promise.all(all);
    expect(order).toEqual(['inbox', 'save 1', 'save 2']);
  });

  it('once the connection has been in use for its slice, gives it to background work on the next turn of the loop, so an interactive request arriving meanwhile goes first', async () => {
    const lanes = new ConnectionLanes(0);
    const order: string[] = [];
    await lanes.take('interactive');
    const save = lanes.take('background').then(() => {
      order.push('save');
      lanes.release();
    });
    lanes.release();
    // Not handed over within the same run of microtasks: a request read in the loop's I/O phase still goes first.
    await Promise.resolve();
    const inbox = lanes.take('interactive').then(() => {
      order.push('inbox');
      lanes.release();
    });
    await Promise.all([save, inbox]);
    expect(order).toEqual(['inbox', 'save']);
  });

  it('within its slice, gives the connection to background work at once', async () => {
    const lanes = new ConnectionLanes(60_000);
    await lanes.take('interactive');
    let taken = false;
    const save = lanes.take('background').then(() => (taken = true));
    lanes.release();
    await Promise.resolve();
    expect(taken).toBe(true);
    await save;
  });

  it(`never lets more than ${INTERACTIVE_IN_A_ROW} interactive holders in a row pass background work that waits`, async () => {
    const lanes = new ConnectionLanes();
    const order: string[] = [];
    await lanes.take('interactive');
    const waiter = (lane: 'interactive' | 'background', name: string) =>
      lanes.take(lane).then(() => {
        order.push(name);
        lanes.release();
      });
    const all = [waiter('background', 'save'), ...Array.from({ length: INTERACTIVE_IN_A_ROW + 2 }, (_, i) => waiter('interactive', `read ${i + 1}`))];
    lanes.release();
    await Promise.all(all);
    expect(order.indexOf('save')).toBe(INTERACTIVE_IN_A_ROW);
    expect(order).toHaveLength(INTERACTIVE_IN_A_ROW + 3);
  });

  it('frees the connection when nobody waits, and the next taker has it at once', async () => {
    const lanes = new ConnectionLanes();
    await lanes.take('background');
    lanes.release();
    let taken = false;
    void lanes.take('background').then(() => (taken = true));
    await Promise.resolve();
    expect(taken).toBe(true);
  });
});

describe('on PGlite through kysely', () => {
  const db = connectDatabase({ kind: 'pglite', dir: undefined });
  afterAll(() => db.destroy());

  it('runs an interactive read before background statements queued earlier, and never inside a transaction', async () => {
    await sql`create table lane_log (seq serial primary key, who text not null)`.execute(db);
    const order: string[] = [];
    let inTransaction = false;
    let openTransaction: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (openTransaction = resolve));
    let finishTransaction: () => void = () => undefined;
    const finish = new Promise<void>((resolve) => (finishTransaction = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      inTransaction = true;
      await sql`insert into lane_log (who) values ('transaction: first half')`.execute(trx);
      openTransaction();
      await finish;
      await sql`insert into lane_log (who) values ('transaction: second half')`.execute(trx);
      inTransaction = false;
    });
    await opened;
    const background = [1, 2].map((n) => sql`insert into lane_log (who) values (${`background ${n}`})`.execute(db).then(() => order.push(`background ${n}`)));
    const read = runInteractive(() =>
      sql<{ n: number }>`select count(*)::int as n from lane_log`.execute(db).then((result) => {
        expect(inTransaction).toBe(false);
        order.push(`read saw ${result.rows[0]!.n}`);
      }),
    );
    await settle();
    expect(order).toEqual([]); // the transaction holds the connection
    finishTransaction();
    await Promise.all([transaction, read, ...background]);
    // The whole transaction, and nothing of the background inserts queued before the read.
    expect(order).toEqual(['read saw 2', 'background 1', 'background 2']);
  });
});
