/**
 * Many rows in one insert, with one array parameter per column:
 * `insert into t (a, b) select * from unnest($1::uuid[], $2::text[]) on conflict … returning *`.
 * Drizzle's multi-row `values()` builds and encodes every value of every row (~0.1 ms a row of
 * the notification log, most of a coalesced insert's cost); here the statement is built once per
 * call whatever the number of rows, and each column is encoded by its own Drizzle encoder.
 *
 * Rows are grouped by the columns they set, so a column a row leaves out takes its default, as in
 * a plain insert; a group is one statement.
 */
import { getTableColumns, getTableName, sql, type SQLChunk } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

const list = (items: SQLChunk[]) => sql.join(items, sql`, `);

/** Inserts `rows`, skipping those that conflict on `conflictTarget`; returns the inserted rows (any order). */
export async function insertManyOrSkip<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: Array<T['$inferInsert']>,
  conflictTarget: PgColumn[],
): Promise<Array<T['$inferSelect']>> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const row of rows as Array<Record<string, unknown>>) {
    const keys = Object.keys(row).filter((key) => row[key] !== undefined);
    for (const key of keys) if (!columns[key]) throw new Error(`"${key}" is not a column of ${getTableName(table)}`);
    const shape = keys.sort().join(',');
    groups.set(shape, [...(groups.get(shape) ?? []), row]);
  }

  const inserted: Array<T['$inferSelect']> = [];
  for (const [shape, group] of groups) {
    const keys = shape.split(',');
    const arrays = keys.map((key) => {
      const column = columns[key];
      const values = group.map((row) => (row[key] === null ? null : column.mapToDriverValue(row[key])));
      return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
    });
    const result = await db.execute<Record<string, unknown>>(sql`
      insert into ${table} (${list(keys.map((key) => sql.identifier(columns[key].name)))})
      select * from unnest(${list(arrays)})
      on conflict (${list(conflictTarget.map((column) => sql.identifier(column.name)))}) do nothing
      returning *`);
    for (const raw of result.rows) inserted.push(fromDriverRow(columns, raw) as T['$inferSelect']);
  }
  return inserted;
}

/** A row as the driver returned it (snake_case, driver values), as Drizzle's own queries return it. */
function fromDriverRow(columns: Record<string, PgColumn>, raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns)) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row;
}
