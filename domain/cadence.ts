/** How often an AIMS's internal audits recur; the one home of the cadences and their length in months. */
export const CADENCES = ['monthly', 'quarterly', 'semi-annual', 'annual'] as const;
export type Cadence = (typeof CADENCES)[number];

export const CADENCE_MONTHS: Record<Cadence, number> = {
  monthly: 1,
  quarterly: 3,
  'semi-annual': 6,
  annual: 12,
};
