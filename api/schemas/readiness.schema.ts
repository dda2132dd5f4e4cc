import { z } from 'zod';
import { AI_ASSESSMENT_KINDS } from '../../domain/ai-system';
import { AUDIT_RESULTS } from '../../domain/audit';
import { READINESS_STATUSES } from '../../domain/readiness';

// The gap assessment of an AIMS (what the record shows per clause and applicable control).

const status = z.enum(READINESS_STATUSES);
const counts = z.object({ ready: z.number().int(), partial: z.number().int(), gap: z.number().int() });

export const readinessSchema = z
  .object({
    aimsId: z.uuid(),
    asOf: z.string().describe('today in the AIMS zone'),
    overall: z.number().int().describe('0–100: the mean of the items (ready 100, partial 50, gap 0)'),
    counts,
    groups: z.array(z.object({ group: z.string().describe('4 … 10, or A for Annex A'), score: z.number().int(), items: z.number().int() })),
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.enum(['clause', 'control']),
        status,
        score: z.number().int(),
        reasons: z.array(z.object({ weight: status, text: z.string() })).describe('every fact behind the status, worst first'),
        facts: z.object({
          id: z.string(),
          kind: z.enum(['clause', 'control']),
          documents: z.object({ addressing: z.number().int(), current: z.number().int() }),
          lastAudit: z.object({ result: z.enum(AUDIT_RESULTS), on: z.string() }).nullable(),
          openNcs: z.object({ major: z.number().int(), minor: z.number().int() }),
          assessments: z
            .object({
              needed: z.array(z.enum(AI_ASSESSMENT_KINDS)),
              systems: z.number().int().describe('active AI systems of the AIMS: each needs a current assessment of every kind needed'),
              lacking: z
                .array(z.object({ systemId: z.string(), name: z.string(), why: z.array(z.string()) }))
                .describe('the active systems without one, and why'),
            })
            .nullable()
            .describe('null where AI system assessments do not apply to the item'),
        }),
      }),
    ),
    remediation: z
      .array(z.object({ id: z.string(), title: z.string(), status, reasons: z.array(z.string()) }))
      .describe('items not ready: gaps first, mandatory clauses before Annex A controls, then by the number of gap and partial reasons'),
    trend: z
      .array(z.object({ month: z.string(), takenOn: z.string(), overall: z.number().int(), counts }))
      .describe('the first figure of each month, oldest first'),
  })
  .meta({ id: 'Readiness' });
