/**
 * Prepares a database for the examples (see examples/README.md) and prints the variables to export:
 * - the tenants 'tenant-123' and 'test-tenant-123' (example 11), with Chatwoot configured;
 * - in 'tenant-123': the client Juan Pérez (+523331234567, marketing consent) that examples 03 and
 *   13 use, an appointment of his (Corte de Cabello Premium with Carlos García, Sucursal Centro,
 *   next week at 10:00) for example 06, and the template 'appointment_confirmation_template';
 * - a viewer API key of 'tenant-123', which example 13 reads clients with.
 *
 * Chatwoot comes from the seed's variables CHATWOOT_API_URL, CHATWOOT_API_ACCESS_TOKEN,
 * CHATWOOT_ACCOUNT_ID and CHATWOOT_INBOX_ID when they are all set; otherwise from the demo tenant
 * of `npm start` (its sandbox, shown at http://127.0.0.1:3000/sandbox); otherwise the tenants must
 * already have their own (PUT /api/settings/chatwoot).
 *
 * Safe to run again: it reuses what exists (and refreshes the Chatwoot settings). It calls our
 * services directly, which a library user would not: it is setup, not an example.
 *
 *   npx tsx examples/setup.ts
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { eq } from 'drizzle-orm';
import { createAppointment, createClient, findClientByPhone, listAppointments, listProfessionals, listServices } from '../src/booking/index.ts';
import { createProfessional } from '../src/booking/professionals.service.ts';
import { createService } from '../src/booking/services.service.ts';
import { loadChatwootSettings, saveChatwootSettings } from '../src/chatwoot/chatwoot-config.service.ts';
import type { ChatwootConfigInput } from '../src/chatwoot/chatwoot-config.schemas.ts';
import type { AppContext } from '../src/context.ts';
import { createCitaPlanner } from '../src/index.ts';
import { createTenantTemplatesRepository } from '../src/templates/index.ts';
import { createTemplate } from '../src/templates/templates.service.ts';
import { createBranch, listBranches } from '../src/tenancy/branches.service.ts';
import { createApiKey, createTenant } from '../src/tenancy/tenancy.service.ts';
import { tenants, type Tenant } from '../src/tenancy/tenancy.tables.ts';

const TIMEZONE = 'America/Mexico_City';
const PHONE = '+523331234567';
const page = { limit: 200, offset: 0 };

/** The confirmation in the seed's layout (§2), so example 04 reads the same with this template in place. */
const CONFIRMATION_TEMPLATE = `✅ *Cita Confirmada*

Hola {{ client.name }}, tu cita ha sido confirmada.

📅 Fecha: {{ appointment.date }}
⏰ Hora: {{ appointment.time }}
💼 Servicio: {{ service.name }}
💼 Profesional: {{ professional.name }}
💼 Sucursal: {{ branch.name }}

¡Te esperamos!`;

async function tenantBySlug(ctx: AppContext, slug: string): Promise<Tenant | undefined> {
  const [row] = await ctx.db.select().from(tenants).where(eq(tenants.slug, slug));
  return row;
}

async function ensureTenant(ctx: AppContext, slug: string, name: string): Promise<Tenant> {
  const existing = await tenantBySlug(ctx, slug);
  if (existing) return existing;
  const { tenant } = await createTenant(ctx, { name, slug, timezone: TIMEZONE });
  console.log(`Created tenant ${slug} (${tenant.id})`);
  return tenant;
}

/** Where the examples' Chatwoot comes from (see the header); null: keep the tenant's own. */
async function chatwootSource(ctx: AppContext): Promise<{ label: string; input: ChatwootConfigInput } | null> {
  const env = process.env;
  if (env.CHATWOOT_API_URL && env.CHATWOOT_API_ACCESS_TOKEN && env.CHATWOOT_ACCOUNT_ID && env.CHATWOOT_INBOX_ID) {
    return {
      label: `CHATWOOT_API_URL (${env.CHATWOOT_API_URL})`,
      input: {
        enabled: true,
        baseUrl: env.CHATWOOT_API_URL.replace(/\/+$/, ''),
        accountId: Number(env.CHATWOOT_ACCOUNT_ID),
        inboxId: Number(env.CHATWOOT_INBOX_ID),
        apiToken: env.CHATWOOT_API_ACCESS_TOKEN,
        rateLimitPerMinute: 60,
        whatsappTemplates: {},
      },
    };
  }
  const demo = await tenantBySlug(ctx, 'demo');
  const settings = demo ? await loadChatwootSettings(ctx, demo.id) : null;
  if (!settings) return null;
  const { enabled, baseUrl, accountId, inboxId, apiToken, rateLimitPerMinute, whatsappTemplates } = settings;
  return {
    label: `the demo tenant's sandbox (${baseUrl})`,
    input: { enabled, baseUrl, accountId, inboxId, apiToken, rateLimitPerMinute, whatsappTemplates: whatsappTemplates as ChatwootConfigInput['whatsappTemplates'] },
  };
}

async function ensureChatwoot(ctx: AppContext, tenant: Tenant, source: Awaited<ReturnType<typeof chatwootSource>>) {
  if (source) {
    await saveChatwootSettings(ctx, tenant.id, null, source.input);
    console.log(`Chatwoot of ${tenant.slug}: ${source.label}`);
  } else if (!(await loadChatwootSettings(ctx, tenant.id))) {
    throw new Error(
      `${tenant.slug} has no Chatwoot: set CHATWOOT_API_URL, CHATWOOT_API_ACCESS_TOKEN, CHATWOOT_ACCOUNT_ID and CHATWOOT_INBOX_ID, ` +
        'run this while `npm start` runs (its demo sandbox), or PUT /api/settings/chatwoot with the tenant\'s key',
    );
  }
}

async function ensureAppointment(ctx: AppContext, tenant: Tenant, clientId: string): Promise<string> {
  const booked = await listAppointments(ctx, tenant.id, { ...page, clientId });
  if (booked.data[0]) return booked.data[0].appointment.id;
  const branch =
    (await listBranches(ctx, tenant.id, { ...page, q: 'Sucursal Centro' })).data[0] ?? (await createBranch(ctx, tenant.id, { name: 'Sucursal Centro' }));
  const service =
    (await listServices(ctx, tenant.id, { ...page, q: 'Corte de Cabello Premium' })).data[0] ??
    (await createService(ctx, tenant.id, { name: 'Corte de Cabello Premium', durationMinutes: 60 }));
  const professional =
    (await listProfessionals(ctx, tenant.id, { ...page, q: 'Carlos García' })).data[0] ??
    (await createProfessional(ctx, tenant.id, { name: 'Carlos García', branchId: branch.id }));
  const day = addDays(new TZDate(Date.now(), tenant.timezone), 7);
  const start = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), 10, 0, tenant.timezone);
  const created = await createAppointment(ctx, tenant.id, {
    clientId,
    serviceId: service.id,
    professionalId: professional.id,
    branchId: branch.id,
    startTime: new Date(start.getTime()),
  });
  return created.appointment.id;
}

async function ensureTemplate(ctx: AppContext, tenant: Tenant) {
  if (await createTenantTemplatesRepository(ctx.db, tenant.id).findNamed('appointment_confirmation_template')) return;
  await createTemplate(ctx, tenant.id, {
    name: 'appointment_confirmation_template',
    type: 'APPOINTMENT_CONFIRMATION',
    locale: 'es-MX',
    body: CONFIRMATION_TEMPLATE,
  });
}

const planner = await createCitaPlanner();
try {
  const { ctx } = planner;
  const source = await chatwootSource(ctx);
  const tenant = await ensureTenant(ctx, 'tenant-123', 'Tenant 123');
  const testTenant = await ensureTenant(ctx, 'test-tenant-123', 'Test Tenant 123');
  await ensureChatwoot(ctx, tenant, source);
  await ensureChatwoot(ctx, testTenant, source);

  const client =
    (await findClientByPhone(ctx, tenant.id, PHONE)) ??
    (await createClient(ctx, tenant.id, { firstName: 'Juan', lastName: 'Pérez', phone: PHONE, marketingConsent: true }));
  const appointmentId = await ensureAppointment(ctx, tenant, client.id);
  await ensureTemplate(ctx, tenant);
  const { key } = await createApiKey(ctx, tenant.id, { name: 'examples (viewer)', role: 'viewer' });

  console.log('\nReady. Export these, then run an example (examples/README.md):');
  console.log(`export EXAMPLE_CLIENT_ID=${client.id}`);
  console.log(`export EXAMPLE_APPOINTMENT_ID=${appointmentId}`);
  console.log(`export EXAMPLE_API_KEY=${key}`);
} finally {
  await planner.close();
}
