/** The one source of "now" outside workflow code, so tests can pin it and records agree. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
