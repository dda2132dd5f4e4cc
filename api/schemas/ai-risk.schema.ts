import { z } from 'zod';
import { RISK_LEVELS } from '../../domain/ai-risk';
import { AI_TREATMENTS } from '../../domain/ai-system';

// AI risk figures (services/ai-risk-figures.ts): the dashboard route and the review pack.

const level = z.enum(RISK_LEVELS);

export const aiRiskFiguresSchema = z
  .object({
    appetite: level.describe('the highest residual level the AIMS accepts'),
    byResidualLevel: z.record(level, z.number().int()),
    aboveAppetite: z.number().int(),
    risksAboveAppetite: z.array(
      z.object({ systemId: z.uuid(), system: z.string(), description: z.string(), level, residualLevel: level, treatment: z.enum(AI_TREATMENTS) }),
    ),
    overdueAssessments: z
      .array(z.object({ systemId: z.uuid(), system: z.string(), dueDate: z.string() }))
      .describe('active systems whose open assessment cycle (not yet approved in full) is past its due date in the AIMS zone, most overdue first'),
  })
  .meta({ id: 'AiRiskFigures' });
