import { afterAll, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.ts';
import { takeTokens } from '../../src/delivery/pacing.ts';
import { createTestContext } from '../helpers/context.ts';
const t = await createTestContext();
afterAll(() => t.close());
it('probe', async () => {
  const pools = [0, 1, 2].map(() => connectDatabase(t.dbUrl, { max: 4 }));
  for (let k = 0; k < 5; k++) {
    const b = [{ key: 'probe' + k, perMinute: 300 }];
    await takeTokens(t.ctx.db, b, new Date(0));
    const r = await Promise.all(pools.flatMap((p) => Array.from({ length: 20 }, () => takeTokens(p.db, b, new Date(0)))));
    const r2 = await Promise.all(Array.from({ length: 50 }, () => takeTokens(t.ctx.db, [{ key: 'x' + k, perMinute: 300 }], new Date(0))));
    console.log('GRANTED', r.filter((x) => x.granted).length, r2.filter((x) => x.granted).length);
  }
  await Promise.all(pools.map((p) => p.close()));
});
