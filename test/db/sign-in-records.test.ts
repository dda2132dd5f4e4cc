import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { hitCounter, peekCounter } from '../../db/repositories/rate-limits.repository';
import { endSessionsOfPerson, findSessionPerson, insertSession } from '../../db/repositories/sessions.repository';
import { insertSignInLink, peekSignInLink, useSignInLink } from '../../db/repositories/sign-in-links.repository';
import { freshPglite, freshPostgres } from '../support/database';
import { newPerson } from '../support/fixtures';

// The sign-in records' queries on both databases the engine runs on: PostgreSQL, and the
// embedded PGlite that `npm start` uses.

const T0 = new Date('2027-05-03T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each([
  [
    'PostgreSQL',
    async () => {
      const postgres = await freshPostgres();
      return { db: postgres.db, close: () => postgres.drop() };
    },
  ],
  [
    'PGlite',
    async () => {
      const db = await freshPglite();
      return { db, close: () => db.destroy() };
    },
  ],
])('sign-in records on %s', (_name, open) => {
  let db: Db;
  let close: () => Promise<void>;
  let personId: string;
  beforeAll(async () => {
    ({ db, close } = await open());
    personId = (await newPerson(db, { name: 'Ida', email: 'ida@example.org', roles: ['action_owner'] })).id;
  });
  afterAll(async () => {
    await close?.();
  });

  it('counts hits in fixed windows, and starts again when a window has passed', async () => {
    const windowMs = 60_000;
    expect((await hitCounter(db, 'k', at(0), windowMs)).hits).toBe(1);
    expect((await hitCounter(db, 'k', at(0.5), windowMs)).hits).toBe(2);
    expect(await peekCounter(db, 'k', at(0.9), windowMs)).toEqual({ hits: 2, windowStartedAt: at(0) });
    expect(await peekCounter(db, 'k', at(1.1), windowMs)).toBeUndefined();
    expect(await hitCounter(db, 'k', at(1.1), windowMs)).toEqual({ hits: 1, windowStartedAt: at(1.1) });
  });

  it('uses a sign-in link once, within its expiry', async () => {
    await insertSignInLink(db, { personId, secret: 'once', nextPath: '/ui/inbox', at: at(0), expiresAt: at(15) });
    await insertSignInLink(db, { personId, secret: 'late', nextPath: null, at: at(0), expiresAt: at(15) });
    expect(await peekSignInLink(db, 'once', at(1))).toBe('usable');
    expect((await useSignInLink(db, 'once', at(1)))?.nextPath).toBe('/ui/inbox');
    expect(await useSignInLink(db, 'once', at(2))).toBeUndefined();
    expect(await peekSignInLink(db, 'once', at(2))).toBe('used');
    expect(await useSignInLink(db, 'late', at(16))).toBeUndefined();
    expect(await peekSignInLink(db, 'late', at(16))).toBe('expired');
    expect(await peekSignInLink(db, 'never-issued', at(1))).toBe('unknown');
  });

  it('keeps a session while it is used within the idle limit and its absolute expiry, and ends them all at once', async () => {
    const limits = { idleMs: 30 * 60_000, absoluteMs: 60 * 60_000 };
    await insertSession(db, personId, 's_one', 'email_link', at(0), limits);
    await insertSession(db, personId, 's_two', 'oidc', at(0), limits);
    expect((await findSessionPerson(db, 's_one', at(29), limits.idleMs))?.person.id).toBe(personId);
    expect(await findSessionPerson(db, 's_one', at(31), limits.idleMs)).toBeUndefined();
    expect(await endSessionsOfPerson(db, personId, at(5))).toBe(2);
    expect(await findSessionPerson(db, 's_two', at(6), limits.idleMs)).toBeUndefined();
  });
});
