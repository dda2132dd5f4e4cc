/** A fixed-window counter; `key` is a SHA-256 of the limit's name and its subject (an address, a client). */
export interface RateLimitCountersTable {
  key: string;
  window_started_at: Date;
  hits: number;
}
