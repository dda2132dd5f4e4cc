import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';

describe('the embedded PGlite', () => {
  const sized = connectDatabase({ kind: 'pglite', dir: undefined, sharedBuffersMb: 16 });
  const unsized = connectDatabase({ kind: 'pglite', dir: undefined });
  afterAll(async () => {
    await sized.destroy();
    await unsized.destroy();
  });

  it("runs with the buffer cache it is given, and PostgreSQL's default without one", async () => {
    const show = async (db: typeof sized) => (await sql<{ shared_buffers: string }>`show shared_buffers`.execute(db)).rows[0]?.shared_buffers;
    expect(await show(sized)).toBe('16MB');
    expect(await show(unsized)).toBe('128MB');
  });
});
