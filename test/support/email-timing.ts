import { expect } from 'vitest';

/**
 * An email sent when something opens (an audit, a review) is dated when it was sent: at the
 * planned instant, or a moment after it on a busy machine, because the time-skipping server lets
 * real time pass while the opening's activities run. Never before the instant, never much later.
 */
export function expectSentPromptlyAt(date: Date, planned: string, slackMs = 5_000): void {
  const delayMs = date.getTime() - Date.parse(planned);
  expect(delayMs, `sent at ${date.toISOString()}, planned for ${planned}`).toBeGreaterThanOrEqual(0);
  expect(delayMs, `sent at ${date.toISOString()}, planned for ${planned}`).toBeLessThan(slackMs);
}
