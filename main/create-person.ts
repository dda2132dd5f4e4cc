// Bootstrap command: creates a person and prints an API token for them.
//   npm run person:create -- --name "Ada Lovelace" --email ada@example.org --time-zone Europe/London \
//     --roles admin,programme_manager [--department Quality] [--manager-email boss@example.org]
// The deployment's operator (creates organisations and their first admins; sees nothing inside
// an organisation unless made a member of it), with no role of their own:
//   npm run person:create -- --operator --name "Olga Operator" --email ops@example.org --time-zone UTC
import { parseArgs } from 'node:util';
import { ENGINE_ACTOR } from '../db/repositories/audit-trail.repository';
import { findPersonByEmail } from '../db/repositories/people.repository';
import { AppError } from '../domain/app-error';
import { systemClock } from '../domain/clock';
import { z } from 'zod';
import { newPersonSchema, roleSchema } from '../api/schemas/person.schema';
import { createPerson, issueTokenFor } from '../services/people.service';
import { loadConfigOrExit } from './fail-on-bad-config';
import { openDatabase } from './open-database';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      'time-zone': { type: 'string' },
      roles: { type: 'string' },
      department: { type: 'string' },
      'manager-email': { type: 'string' },
      operator: { type: 'boolean', default: false },
    },
  });
  const { config, secrets } = loadConfigOrExit('all-in-one');
  const database = await openDatabase(config, secrets, 'person:create');
  try {
    const manager = values['manager-email'] ? await findPersonByEmail(database.db, values['manager-email']) : undefined;
    if (values['manager-email'] && !manager) throw new Error(`--manager-email: nobody has the email ${values['manager-email']}`);
    // The operator holds no role: the schema's "at least one role" is for members of an organisation.
    const schema = values.operator ? newPersonSchema.extend({ roles: z.array(roleSchema).default([]) }) : newPersonSchema;
    const parsed = schema.safeParse({
      name: values.name,
      email: values.email,
      timeZone: values['time-zone'],
      department: values.department,
      managerId: manager?.id,
      roles: values.roles
        ?.split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    });
    if (!parsed.success) {
      const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new Error(parsed.error.issues.map((i) => `${flag(String(i.path[0]))}: ${i.message}`).join('\n'));
    }
    const at = systemClock.now();
    const person = await createPerson(database.db, { ...parsed.data, operator: values.operator }, ENGINE_ACTOR, at);
    const token = await issueTokenFor(database.db, person.id, 'created by person:create', ENGINE_ACTOR, at);
    const what = person.operator ? 'the deployment operator' : `roles ${person.roles.join(', ')}`;
    process.stdout.write(`created ${person.name} <${person.email}> (${person.id}), ${what}\n`);
    process.stdout.write(`token (shown once): ${token.secret}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof AppError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
