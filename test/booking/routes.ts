/** The booking routes as /docs lists them, so route tables in tests can be checked for completeness. */
import type { TestContext } from '../helpers/context.ts';

export const bookingPrefixes = ['/api/branches', '/api/clients', '/api/services', '/api/professionals', '/api/appointments'];

/** "METHOD /path" for every documented route under the booking prefixes, e.g. "PATCH /api/clients/{id}". */
export async function bookingRoutes(t: TestContext): Promise<string[]> {
  await t.app.ready();
  const paths = t.app.swagger().paths ?? {};
  return Object.entries(paths)
    .filter(([path]) => bookingPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)))
    .flatMap(([path, operations]) => Object.keys(operations ?? {}).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}
