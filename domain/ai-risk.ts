/**
 * AI risk levels (ISO/IEC 42001 6.1.2, 8.2): a per-AIMS matrix of likelihood (1–5, rare …
 * almost certain) by consequence (1–5, negligible … severe) gives each risk its level. Pure:
 * workflows, the API and the pages all compute a level through `riskLevel` alone.
 */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** `matrix[likelihood - 1][consequence - 1]`: five rows of five levels. */
export type RiskMatrix = RiskLevel[][];

export const RISK_SCALE_MIN = 1;
export const RISK_SCALE_MAX = 5;

/**
 * The default matrix: a level by the product likelihood × consequence, the usual 5×5 heat map
 * (1–4 low, 5–9 medium, 10–16 high, 20–25 critical).
 */
export const DEFAULT_RISK_MATRIX: RiskMatrix = [1, 2, 3, 4, 5].map((l) =>
  [1, 2, 3, 4, 5].map((c): RiskLevel => {
    const score = l * c;
    return score >= 20 ? 'critical' : score >= 10 ? 'high' : score >= 5 ? 'medium' : 'low';
  }),
);

/** The level the matrix gives a likelihood and a consequence; a value off the scale is a RangeError. */
export function riskLevel(matrix: RiskMatrix, likelihood: number, consequence: number): RiskLevel {
  const level = matrix[likelihood - 1]?.[consequence - 1];
  if (!Number.isInteger(likelihood) || !Number.isInteger(consequence) || level === undefined) {
    throw new RangeError(`likelihood ${likelihood} × consequence ${consequence} is outside the ${RISK_SCALE_MAX}×${RISK_SCALE_MAX} matrix`);
  }
  return level;
}

export function levelRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

/** Whether a level lies above the AIMS's risk appetite (the highest level it accepts). */
export function isAboveAppetite(level: RiskLevel, appetite: RiskLevel): boolean {
  return levelRank(level) > levelRank(appetite);
}

/** A matrix is usable when it has five rows of five known levels. */
export function isRiskMatrix(value: unknown): value is RiskMatrix {
  return (
    Array.isArray(value) &&
    value.length === RISK_SCALE_MAX &&
    value.every((row) => Array.isArray(row) && row.length === RISK_SCALE_MAX && row.every((l) => (RISK_LEVELS as readonly unknown[]).includes(l)))
  );
}
