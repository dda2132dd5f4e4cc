import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

/**
 * The organisation that owns everything a single-organisation database already holds, and the
 * one new AIMS and people fall into when their writer names none (a single-organisation
 * deployment keeps working unchanged).
 */
const DEFAULT_ORGANISATION_ID = '00000000-0000-4000-8000-000000000001';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    // Settings: the sender name and reply-to of its emails, and what a new AIMS starts with.
    .addColumn('sender_name', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('default_time_zone', 'text')
    .addColumn('default_holiday_region', 'text')
    .addColumn('default_policy', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto('organisations').values({ id: DEFAULT_ORGANISATION_ID, name: 'Default organisation' }).execute();

  await db.schema
    .alterTable('aims')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().defaultTo(DEFAULT_ORGANISATION_ID).references('organisations.id'))
    .execute();
  // Lets a membership's AIMS be checked to belong to the membership's organisation by a foreign key.
  await db.schema.alterTable('aims').addUniqueConstraint('aims_id_organisation', ['id', 'organisation_id']).execute();
  await db.schema.createIndex('aims_organisation').on('aims').column('organisation_id').execute();

  // The home organisation: where `roles` apply organisation-wide, and who administers the person.
  await db.schema
    .alterTable('people')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().defaultTo(DEFAULT_ORGANISATION_ID).references('organisations.id'))
    .addColumn('operator', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    // Null: the role holds on every AIMS of the organisation.
    .addColumn('aims_id', 'uuid')
    .addColumn('role', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('memberships_aims_of_organisation', ['aims_id', 'organisation_id'], 'aims', ['id', 'organisation_id'], (c) =>
      c.onDelete('cascade'),
    )
    .addCheckConstraint('memberships_role', sql`role in ('programme_manager', 'auditor', 'action_owner', 'management', 'admin')`)
    .execute();
  await sql`create unique index memberships_one_per_role on memberships (person_id, organisation_id, aims_id, role) nulls not distinct`.execute(db);
  await db.schema.createIndex('memberships_organisation').on('memberships').columns(['organisation_id', 'role']).execute();

  // people.roles stays the edit surface of a person's organisation-wide roles in their home
  // organisation (every writer of people keeps working); this trigger mirrors it into
  // memberships, which is all that access reads.
  await sql`
    create function mirror_home_roles() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        delete from memberships where person_id = old.id and organisation_id = old.organisation_id and aims_id is null;
      end if;
      insert into memberships (person_id, organisation_id, role)
        select new.id, new.organisation_id, r from unnest(new.roles) as r
        on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create trigger people_home_roles after insert or update of roles, organisation_id on people for each row execute function mirror_home_roles()`.execute(
    db,
  );
  // Every existing role kept: each person's roles become memberships of the default organisation.
  await sql`insert into memberships (person_id, organisation_id, role) select id, organisation_id, unnest(roles) from people on conflict do nothing`.execute(
    db,
  );

  // Deleting an organisation is recorded outside its own (deleted) rows.
  await db.schema
    .createTable('organisation_deletions')
    .addColumn('organisation_id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('deleted_by', 'uuid')
    .addColumn('deleted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organisation_deletions').execute();
  await sql`drop trigger people_home_roles on people`.execute(db);
  await sql`drop function mirror_home_roles()`.execute(db);
  await db.schema.dropTable('memberships').execute();
  await db.schema.alterTable('people').dropColumn('operator').dropColumn('organisation_id').execute();
  await db.schema.alterTable('aims').dropConstraint('aims_id_organisation').execute();
  await db.schema.alterTable('aims').dropColumn('organisation_id').execute();
  await db.schema.dropTable('organisations').execute();
}
