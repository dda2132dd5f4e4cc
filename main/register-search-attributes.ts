import type { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { ensureSearchAttributes } from '../temporal/search-attributes';

/**
 * Makes sure the namespace has the engine's search attributes before any workflow sets them.
 * Where the operator API is not allowed (Temporal Cloud), it says what to create by hand.
 */
export async function registerSearchAttributes(client: Client, namespace: string, log: Logger): Promise<void> {
  try {
    // connectClient builds every client over a full Connection (temporal/connect.ts).
    const added = await ensureSearchAttributes(client.connection as Connection, namespace);
    if (added.length > 0) log.info({ added }, 'registered search attributes');
  } catch (error) {
    log.warn(
      { err: error },
      `could not register the search attributes ${SEARCH_ATTRIBUTES.map((key) => `${key.name} (${key.type === 'KEYWORD' ? 'Keyword' : 'Datetime'})`).join(', ')}; create them in the namespace, or set TEMPORAL_SEARCH_ATTRIBUTES=false`,
    );
  }
}
