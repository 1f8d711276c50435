import { AppError, notFound } from '../errors.ts';
import { referencingTable } from './pg-errors.ts';

export interface Deletable {
  /** "Client", "Service"… as shown to the user. */
  name: string;
  /** The resource's route, for the "deactivate it instead" hint. */
  path: string;
  id: string;
}

/**
 * Deletes a record nothing refers to (one created by mistake). A record with booking history
 * can't be removed without rewriting that history, so the caller is told to deactivate it:
 * the foreign keys decide, which also covers a booking made while the delete runs.
 */
export async function deleteUnlessInUse<R>(what: Deletable, remove: () => Promise<R | undefined>): Promise<R> {
  let row: R | undefined;
  try {
    row = await remove();
  } catch (err) {
    const table = referencingTable(err);
    if (!table) throw err;
    throw new AppError(
      'CONFLICT',
      `${what.name} ${what.id} can't be deleted because ${table} refer to it; deactivate it instead: PATCH ${what.path}/${what.id} with {"active": false}`,
      { referencedBy: table },
    );
  }
  if (!row) throw notFound(what.name);
  return row;
}
