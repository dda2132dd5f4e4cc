import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { Role } from '../../domain/roles';
import type { PeopleTable, Person } from '../tables/people.table';

export type NewPerson = Insertable<PeopleTable>;

export async function insertPerson(db: DbOrTrx, person: NewPerson): Promise<Person> {
  return db.insertInto('people').values(person).returningAll().executeTakeFirstOrThrow();
}

export async function findPersonById(db: DbOrTrx, id: string): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A person with their manager while that manager is active (null otherwise: a manager who has
 * left escalates nothing), in one statement: what every new task and escalation step asks.
 */
export async function findPersonWithActiveManager(db: DbOrTrx, id: string): Promise<(Person & { active_manager_id: string | null }) | undefined> {
  return db
    .selectFrom('people')
    .selectAll('people')
    .select((eb) =>
      eb
        .selectFrom('people as manager')
        .select('manager.id')
        .whereRef('manager.id', '=', 'people.manager_id')
        .where('manager.active', '=', true)
        .as('active_manager_id'),
    )
    .where('people.id', '=', id)
    .executeTakeFirst();
}

/**
 * Locks the person's row until the transaction ends, so changes for one person queue; throws for
 * an unknown person. FOR NO KEY UPDATE lets foreign-key checks on the person through (see lockAims).
 */
export async function lockPerson(trx: DbOrTrx, id: string): Promise<void> {
  await trx.selectFrom('people').select('id').where('id', '=', id).forNoKeyUpdate().executeTakeFirstOrThrow();
}

export async function findPersonByEmail(db: DbOrTrx, email: string): Promise<Person | undefined> {
  return db
    .selectFrom('people')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** The person belongs to one of the organisations (home, or by a membership). */
const memberOf = (organisationIds: readonly string[]) =>
  sql<boolean>`(people.organisation_id = any(${[...organisationIds]}::uuid[]) or exists (select 1 from memberships m where m.person_id = people.id and m.organisation_id = any(${[...organisationIds]}::uuid[])))`;

/** People, by name; with `organisationIds`, only members of those organisations (home or by membership). */
export async function listPeople(db: DbOrTrx, organisationIds?: readonly string[]): Promise<Person[]> {
  let query = db.selectFrom('people').selectAll().orderBy('name').orderBy('id');
  if (organisationIds) query = query.where(memberOf(organisationIds));
  return query.execute();
}

/**
 * The active people of an audience: anyone holding one of `roles`, working in one of
 * `departments`, or named in `ids`; by id, each once.
 */
/**
 * The active people an audience names (roles, departments, people), each once, among the people
 * of the AIMS's organisation: roles are those held on that AIMS (memberships), so a document's
 * readers are never another organisation's people holding the same role.
 */
export async function activeIdsOfAudience(
  db: DbOrTrx,
  aimsId: string,
  audience: { roles: readonly Role[]; departments: readonly string[]; ids: readonly string[] },
) {
  const { roles, departments, ids } = audience;
  if (roles.length + departments.length + ids.length === 0) return [];
  const onAims = (role?: Role) => {
    let members = db
      .selectFrom('memberships as m')
      .innerJoin('aims as a', 'a.organisation_id', 'm.organisation_id')
      .select('m.person_id')
      .where('a.id', '=', aimsId)
      .where((eb) => eb.or([eb('m.aims_id', 'is', null), eb('m.aims_id', '=', aimsId)]));
    if (role) members = members.where('m.role', '=', role);
    return members;
  };
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('active', '=', true)
    .where('id', 'in', onAims())
    .where(({ eb, or }) =>
      or([
        ...roles.map((role) => eb('id', 'in', onAims(role))),
        ...(departments.length > 0 ? [eb('department', 'in', departments)] : []),
        ...(ids.length > 0 ? [eb('id', 'in', ids)] : []),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Whether anyone exists at all: the bootstrap creates an administrator only on an empty record. */
export async function anyPersonExists(db: DbOrTrx): Promise<boolean> {
  return (await db.selectFrom('people').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Whether each named person is active; unknown ids (and with `organisationId`, people not of it) are simply absent. */
export async function findActiveFlags(db: DbOrTrx, ids: string[], organisationId?: string): Promise<{ id: string; active: boolean }[]> {
  let query = db.selectFrom('people').select(['id', 'active']).where('id', 'in', ids);
  if (organisationId) query = query.where(memberOf([organisationId]));
  return query.execute();
}

/** What an email needs of its recipients; the caller skips the inactive ones. */
export type Recipient = Pick<Person, 'id' | 'name' | 'email' | 'active'>;

export async function findRecipients(db: DbOrTrx, ids: string[]): Promise<Recipient[]> {
  return db.selectFrom('people').select(['id', 'name', 'email', 'active']).where('id', 'in', ids).execute();
}

/** What the audit team check reads: departments and roles of the lead auditor and the auditees. */
export async function findTeamMembers(db: DbOrTrx, ids: string[]): Promise<Pick<Person, 'id' | 'name' | 'department' | 'roles' | 'active'>[]> {
  return db.selectFrom('people').select(['id', 'name', 'department', 'roles', 'active']).where('id', 'in', ids).execute();
}

/** Everyone who receives digests (the active people), by id. */
export async function listActiveDigestReaders(db: DbOrTrx): Promise<Pick<Person, 'id' | 'name' | 'email' | 'time_zone' | 'roles'>[]> {
  return db.selectFrom('people').select(['id', 'name', 'email', 'time_zone', 'roles']).where('active', '=', true).orderBy('id').execute();
}

/** The zones of active people, each saying whether someone in management lives there (the monthly report). */
export async function listActiveZonesWithManagement(db: DbOrTrx): Promise<{ time_zone: string; management: boolean }[]> {
  return db
    .selectFrom('people')
    .select(['time_zone', sql<boolean>`bool_or(exists (select 1 from memberships m where m.person_id = people.id and m.role = 'management'))`.as('management')])
    .where('active', '=', true)
    .groupBy('time_zone')
    .execute();
}

/** Every department someone of the organisations belongs to, alphabetically (the dashboard's and register's filters). */
export async function listDepartments(db: DbOrTrx, organisationIds: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('people')
    .select('department')
    .distinct()
    .where('department', 'is not', null)
    .where(memberOf(organisationIds))
    .orderBy('department')
    .execute();
  return rows.map((d) => d.department!);
}

export type PersonName = Pick<Person, 'id' | 'name'>;

export async function findPersonName(db: DbOrTrx, id: string): Promise<PersonName | undefined> {
  return db.selectFrom('people').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** Names of the named people; pass at least one id. */
export async function findPersonNames(db: DbOrTrx, ids: string[]): Promise<PersonName[]> {
  return db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** Active people by name: whom a task can be given to. */
export async function listActivePersonNames(db: DbOrTrx, organisationIds?: readonly string[]): Promise<PersonName[]> {
  let query = db.selectFrom('people').select(['id', 'name']).where('active', '=', true).orderBy('name');
  if (organisationIds) query = query.where(memberOf(organisationIds));
  return query.execute();
}

export type PersonPatch = Partial<Pick<PeopleTable, 'name' | 'email' | 'time_zone' | 'department' | 'manager_id' | 'roles'>>;

/** Writes the given fields of a person; the person as they now are. */
export async function updatePersonRow(db: DbOrTrx, id: string, patch: PersonPatch): Promise<Person> {
  return db.updateTable('people').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Marks a person inactive: they sign in, receive and are assigned nothing more; their history stays. */
export async function markInactive(db: DbOrTrx, id: string): Promise<Person> {
  return db.updateTable('people').set({ active: false }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Ids of the active administrators, locked until the transaction ends, so two demotions cannot both leave none. */
export async function lockActiveAdmins(trx: DbOrTrx): Promise<string[]> {
  const rows = await trx
    .selectFrom('people')
    .select('id')
    .where('active', '=', true)
    .where(sql<boolean>`'admin' = any(roles)`)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  return rows.map((r) => r.id);
}

/** The chain of managers above a person, nearest first (stops at a repeat, so a cycle in the record cannot loop). */
export async function managerChainOf(db: DbOrTrx, personId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with recursive chain(id, depth, path) as (
      select manager_id, 1, array[id] from people where id = ${personId} and manager_id is not null
      union all
      select p.manager_id, c.depth + 1, c.path || p.id
      from chain c join people p on p.id = c.id
      where p.manager_id is not null and not p.id = any(c.path)
    )
    select id from chain order by depth`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** Everyone whose email (any case) is among the given ones. */
export async function findPeopleByEmails(db: DbOrTrx, emails: string[]): Promise<Person[]> {
  if (emails.length === 0) return [];
  return db
    .selectFrom('people')
    .selectAll()
    .where((eb) =>
      eb(
        eb.fn('lower', ['email']),
        'in',
        emails.map((e) => e.toLowerCase()),
      ),
    )
    .execute();
}
