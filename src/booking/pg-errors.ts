/** Recognises the PostgreSQL errors a service turns into domain errors (Drizzle wraps them in `cause`). */
interface PgError {
  code?: string;
  constraint?: string;
  table?: string;
}

function pgError(err: unknown): PgError {
  const e = err as { cause?: PgError } & PgError;
  return e?.cause?.code ? e.cause : (e ?? {});
}

export const isUniqueViolation = (err: unknown, constraint: string) => {
  const pg = pgError(err);
  return pg.code === '23505' && pg.constraint === constraint;
};

/** The table whose rows still point at the row being deleted, or undefined if this is another error. */
export function referencingTable(err: unknown): string | undefined {
  const pg = pgError(err);
  return pg.code === '23503' ? (pg.table ?? 'other records') : undefined;
}
