/**
 * Seed §7 "Notificación con Detección Automática" (sendWithAutoDetection).
 *
 * Changed from the seed:
 * - the import: `chatwootApiService` from our entry (the seed's `chatwoot ApiService` is a PDF
 *   line-break artefact for `chatwootApiService`); the seed's `prisma` import is gone.
 * - DATA ACCESS ONLY — the seed reads and writes its database with Prisma; our public equivalent is
 *   the REST API (README "API"), so:
 *   1. `prisma.client.findFirst({ where: { phone, tenantId } })` is `GET /api/clients?phone=…` with an
 *      API key of that tenant (EXAMPLE_API_URL, default http://127.0.0.1:3000 as `npm start`;
 *      EXAMPLE_API_KEY), after checking with `GET /api/tenant` that the key's tenant is `tenantId`
 *      (id or slug) — the seed's `tenantId` filter.
 *   4. `prisma.client.update({ data: { chatwootContactId } })` has no equivalent and is not needed:
 *      our clients have no chatwootContactId column; the send in step 5 stores the client ↔ Chatwoot
 *      contact/conversation link itself (it finds the contact created in step 3 by its phone).
 *   The Chatwoot calls (steps 2, 3 and 5) are the seed's, unchanged.
 * - `const result =` before the seed's final call, and the last two statements (RESULT line, close).
 */
import { chatwootApiService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

/** Not in the seed: the data access of step 1 (see above), through our REST API. */
async function findClientByPhone(phoneNumber: string, tenantId: string) {
  const api = process.env.EXAMPLE_API_URL ?? 'http://127.0.0.1:3000';
  const headers = { authorization: `Bearer ${process.env.EXAMPLE_API_KEY ?? ''}` };
  const get = async (path: string) => {
    const response = await fetch(`${api}${path}`, { headers });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const tenant = (await get('/api/tenant')) as { id: string; slug: string };
  if (tenant.id !== tenantId && tenant.slug !== tenantId) return null;
  const page = (await get(`/api/clients?phone=${encodeURIComponent(phoneNumber)}`)) as {
    data: Array<{ id: string; firstName: string; lastName: string; email: string | null }>;
  };
  return page.data[0] ?? null;
}

// Enviar mensaje y crear/actualizar contacto automáticamente
async function sendWithAutoDetection(
  phoneNumber: string,
  message: string,
  tenantId: string
) {
  // 1. Buscar cliente en BD
  const client = await findClientByPhone(phoneNumber, tenantId);

  if (!client) {
    console.log('Cliente no encontrado en BD');
    return { success: false, error: 'Cliente no encontrado' };
  }

  // 2. Configurar servicio
  await chatwootApiService.loadConfigForTenant(tenantId);

  // 3. Buscar o crear contacto en Chatwoot
  const contact = await chatwootApiService.findOrCreateContact({
    name: `${client.firstName} ${client.lastName}`,
    phone_number: phoneNumber,
    email: client.email || undefined,
    identifier: client.id,
    custom_attributes: {
      client_id: client.id,
      tenant_id: tenantId,
    },
  });

  if (!contact) {
    return { success: false, error: 'No se pudo crear contacto en Chatwoot' };
  }

  // 4. Actualizar cliente con chatwootContactId si no lo tiene
  // (No equivalent: the send below stores the client ↔ contact link itself; see the header.)

  // 5. Enviar mensaje
  const result = await chatwootApiService.sendMessageToContact({
    to: phoneNumber,
    message,
    tenantId,
  });

  return result;
}

// Uso
const result = await sendWithAutoDetection(
  '+523331234567',
  'Tu cita está confirmada',
  'tenant-123'
);

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
