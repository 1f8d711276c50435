/**
 * Coalesced statements (src/db/coalesce.ts) and the set-based insert (src/db/insert-many.ts) on
 * real PostgreSQL: calls made in one turn share one statement, each caller gets its own answer, a
 * bad call fails alone, and a key asked for twice in one turn is created once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { insertManyOrSkip } from '../../src/db/insert-many.ts';
import { createLogRepository } from '../../src/notifications/log.repository.ts';
import { notificationLogs } from '../../src/notifications/notifications.tables.ts';
import { getTenant } from '../../src/tenancy/tenancy.service.ts';
import { createTestContext } from '../helpers/context.ts';

const t = await createTestContext();
afterAll(() => t.close());

/** The statements the app's pool sends while `fn` runs (observed, not changed). */
async function statementsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const pool = t.ctx.pool as unknown as { query: (...args: unknown[]) => unknown };
  const original = pool.query;
  let statements = 0;
  pool.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    pool.query = original;
  }
}

const logRow = (key: string) => ({ type: 'CUSTOM' as const, channel: 'SMS' as const, recipient: '+525512345678', message: `Hola ${key}`, idempotencyKey: key });

describe('coalesced reads', () => {
  it('three reads in one turn are one statement, and each caller gets its own row', async () => {
    const uno = await t.newTenant({ name: 'Salón Uno' });
    const dos = await t.newTenant({ name: 'Salón Dos' });
    const { result, statements } = await statementsDuring(() => Promise.all([getTenant(t.ctx, uno.id), getTenant(t.ctx, dos.id), getTenant(t.ctx, uno.id)]));
    expect(result.map((tenant) => tenant.name)).toEqual(['Salón Uno', 'Salón Dos', 'Salón Uno']);
    expect(statements).toBe(1);
  });

  it('reads in different turns are separate statements', async () => {
    const uno = await t.newTenant({ name: 'Salón Tres' });
    const { statements } = await statementsDuring(async () => {
      await getTenant(t.ctx, uno.id);
      await getTenant(t.ctx, uno.id);
    });
    expect(statements).toBe(2);
  });

  it('a call that breaks the shared statement fails alone: the others in its turn still get their rows', async () => {
    const uno = await t.newTenant({ name: 'Salón Cuatro' });
    const missing = '00000000-0000-4000-8000-000000000000';
    const [good, malformed, absent] = await Promise.allSettled([getTenant(t.ctx, uno.id), getTenant(t.ctx, 'not-a-uuid'), getTenant(t.ctx, missing)]);
    expect(good).toMatchObject({ status: 'fulfilled', value: { id: uno.id, name: 'Salón Cuatro' } });
    expect(malformed.status).toBe('rejected');
    expect(absent).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
  });
});

describe('coalesced log inserts', () => {
  it('one idempotency key asked for twice in one turn is created once; both callers get that row', async () => {
    const tenant = await t.newTenant();
    const logs = createLogRepository(t.ctx.db, tenant.id);
    const [first, second] = await Promise.all([logs.insertOnce(logRow('same-key')), logs.insertOnce(logRow('same-key'))]);
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.row.id).toBe(first.row.id);
    const { rows } = await t.ctx.pool.query('select count(*)::int as n from notification_logs where tenant_id = $1', [tenant.id]);
    expect(rows[0].n).toBe(1);
  });

  it('rows of several tenants in one turn keep their own tenant, and an existing key returns the existing row', async () => {
    const a = await t.newTenant();
    const b = await t.newTenant();
    const earlier = await createLogRepository(t.ctx.db, a.id).insertOnce(logRow('k1'));
    const [again, other] = await Promise.all([createLogRepository(t.ctx.db, a.id).insertOnce(logRow('k1')), createLogRepository(t.ctx.db, b.id).insertOnce(logRow('k1'))]);
    expect(again).toMatchObject({ created: false, row: { id: earlier.row.id, tenantId: a.id } });
    expect(other).toMatchObject({ created: true, row: { tenantId: b.id, idempotencyKey: 'k1' } });
  });
});

describe('insertManyOrSkip', () => {
  it('a column a row leaves out takes its default, rows of different shapes go in together, and values come back as Drizzle reads them', async () => {
    const tenant = await t.newTenant();
    const deadline = new Date('2030-01-02T03:04:05.678Z');
    const rows = await insertManyOrSkip(
      t.ctx.db,
      notificationLogs,
      [
        { ...logRow('plain'), tenantId: tenant.id },
        { ...logRow('failed'), tenantId: tenant.id, status: 'FAILED', errorCode: 'NO_ADDRESS', metadata: { fallback: ['EMAIL'] }, deadlineAt: deadline },
      ],
      [notificationLogs.tenantId, notificationLogs.idempotencyKey],
    );
    const byKey = Object.fromEntries(rows.map((row) => [row.idempotencyKey, row]));
    expect(byKey.plain).toMatchObject({ status: 'QUEUED', attempts: 0, metadata: {}, errorCode: null, deadlineAt: null, tenantId: tenant.id });
    expect(byKey.plain.createdAt).toBeInstanceOf(Date);
    expect(byKey.failed).toMatchObject({ status: 'FAILED', errorCode: 'NO_ADDRESS', metadata: { fallback: ['EMAIL'] } });
    expect(byKey.failed.deadlineAt?.toISOString()).toBe('2030-01-02T03:04:05.678Z');
    // The same rows read through Drizzle's own query.
    const stored = await createLogRepository(t.ctx.db, tenant.id).find(byKey.failed.id);
    expect(stored).toEqual(byKey.failed);
  });

  it('a row whose key exists is skipped, the others inserted', async () => {
    const tenant = await t.newTenant();
    await createLogRepository(t.ctx.db, tenant.id).insertOnce(logRow('taken'));
    const rows = await insertManyOrSkip(
      t.ctx.db,
      notificationLogs,
      [{ ...logRow('taken'), tenantId: tenant.id }, { ...logRow('free'), tenantId: tenant.id }],
      [notificationLogs.tenantId, notificationLogs.idempotencyKey],
    );
    expect(rows.map((row) => row.idempotencyKey)).toEqual(['free']);
  });

  it('refuses a key that is not a column, before writing anything', async () => {
    const tenant = await t.newTenant();
    await expect(
      insertManyOrSkip(t.ctx.db, notificationLogs, [{ ...logRow('x'), tenantId: tenant.id, colour: 'red' } as never], [notificationLogs.tenantId, notificationLogs.idempotencyKey]),
    ).rejects.toThrow('"colour" is not a column of notification_logs');
  });
});
