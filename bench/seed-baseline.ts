/**
 * A faithful re-enactment of the seed's reminder cron, to compare our worker against.
 *
 * Source: /work/shared/seed/000_c7813f0ad3757f78.txt, section "3. Recordatorios Automáticos" →
 * "Recordatorio Programado con Cron Job" (`app/api/cron/send-reminders/route.ts`), with the
 * Chatwoot calls its `chatwootService.sendAppointmentReminder` → `chatwootApiService` makes
 * (section "7. Casos de Uso Avanzados" → "Notificación con Detección Automática":
 * loadConfigForTenant, findOrCreateContact, sendMessageToContact). What it does, per appointment,
 * strictly one after another:
 *
 * 1. read the tenant's notification settings (`prisma.notificationSettings.findUnique`), skip the
 *    appointment unless Chatwoot is enabled;
 * 2. load the tenant's Chatwoot configuration (`loadConfigForTenant`);
 * 3. search the contact by phone (`GET contacts/search?q=<phone>`), create it if absent
 *    (`POST contacts`);
 * 4. create a conversation (`POST conversations`) and post the message into it
 *    (`POST conversations/{id}/messages`): the seed caches nothing, so every message opens a
 *    conversation;
 * 5. log the notification (the seed logs every message in `NotificationLog`) and set
 *    `reminderSentAt`;
 * 6. sleep 100 ms ("Rate limiting: esperar 100ms entre mensajes").
 *
 * It talks to the same sandbox with plain fetch and to the same database with plain SQL (the
 * Prisma calls, one statement each). The one departure: the seed selects tomorrow's CONFIRMED
 * appointments whose `reminderSentAt` is null; the benchmark hands it an explicit slice of
 * appointments (same query shape, `id = any($1)`), because the worker has just reminded them.
 */
import { randomUUID } from 'node:crypto';
import { format } from 'date-fns';
import { es } from 'date-fns/locale';
import type { AppContext } from '../src/context.ts';

interface SeedAppointment {
  id: string;
  tenant_id: string;
  start_time: Date;
  client_first_name: string;
  client_last_name: string;
  client_phone: string;
  service_name: string;
}

export interface SeedBaselineResult {
  processed: number;
  sent: number;
  failed: number;
  elapsedMs: number;
  /** Of elapsedMs, the time spent in the 100 ms sleeps. */
  sleptMs: number;
  /** Chatwoot HTTP calls made. */
  chatwootCalls: number;
}

/** The seed's `chatwootService.sendAppointmentReminder` text (section 3, "Recordatorio Simple"). */
const reminderText = (v: { clientName: string; appointmentDate: string; appointmentTime: string; serviceName: string }) =>
  `⏱ *Recordatorio de Cita*\n\nHola ${v.clientName}, te recordamos que tienes una cita:\n\n📅 ${v.appointmentDate}\n⏱ ${v.appointmentTime}\n💼 ${v.serviceName}\n\n¡No olvides asistir!`;

export async function runSeedCronBaseline(ctx: AppContext, appointmentIds: string[]): Promise<SeedBaselineResult> {
  const started = performance.now();
  let sleptMs = 0;
  let chatwootCalls = 0;
  const pool = ctx.pool;

  // prisma.appointment.findMany({ where: …, include: { client, service, professional, tenant } })
  const { rows: appointments } = await pool.query<SeedAppointment>(
    `select a.id, a.tenant_id, a.start_time, c.first_name as client_first_name, c.last_name as client_last_name,
            c.phone_raw as client_phone, s.name as service_name
       from appointments a
       join clients c on c.id = a.client_id
       join services s on s.id = a.service_id
       left join professionals p on p.id = a.professional_id
       join tenants t on t.id = a.tenant_id
      where a.id = any($1::uuid[])
      order by a.start_time`,
    [appointmentIds],
  );

  const results: Array<{ appointmentId: string; success: boolean; error?: string }> = [];
  for (const apt of appointments) {
    // Verificar si el tenant tiene Chatwoot habilitado
    const { rows: settingsRows } = await pool.query<{ chatwoot_enabled: boolean }>(
      'select * from notification_settings where tenant_id = $1',
      [apt.tenant_id],
    );
    if (!settingsRows[0]?.chatwoot_enabled) continue;

    const clientName = `${apt.client_first_name} ${apt.client_last_name}`;
    const result = await sendAppointmentReminder(ctx, {
      to: apt.client_phone,
      tenantId: apt.tenant_id,
      clientName,
      appointmentDate: format(apt.start_time, 'dd/MM/yyyy', { locale: es }),
      appointmentTime: format(apt.start_time, 'HH:mm'),
      serviceName: apt.service_name,
      countCall: () => chatwootCalls++,
    });

    if (result.success) {
      // Marcar como enviado
      await pool.query('update appointments set reminder_sent_at = now() where id = $1', [apt.id]);
      results.push({ appointmentId: apt.id, success: true });
    } else {
      results.push({ appointmentId: apt.id, success: false, error: result.error });
    }

    // Rate limiting: esperar 100ms entre mensajes
    const sleepStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    sleptMs += performance.now() - sleepStarted;
  }

  return {
    processed: results.length,
    sent: results.filter((r) => r.success).length,
    failed: results.filter((r) => !r.success).length,
    elapsedMs: performance.now() - started,
    sleptMs,
    chatwootCalls,
  };
}

/** chatwootService.sendAppointmentReminder → sendChatwoot → chatwootApiService, as the seed chains them. */
async function sendAppointmentReminder(
  ctx: AppContext,
  args: { to: string; tenantId: string; clientName: string; appointmentDate: string; appointmentTime: string; serviceName: string; countCall: () => void },
): Promise<{ success: boolean; messageId?: string; error?: string }> {
  const message = reminderText(args);
  const phone = args.to.replace(/[^\d+]/g, ''); // "El servicio normaliza automáticamente"
  try {
    // chatwootApiService.loadConfigForTenant(tenantId): read on every message
    const { rows } = await ctx.pool.query<{ base_url: string; account_id: number; inbox_id: number; api_token_enc: string }>(
      'select * from chatwoot_configs where tenant_id = $1 and branch_id is null and enabled',
      [args.tenantId],
    );
    if (!rows[0]) throw new Error('Chatwoot no está configurado');
    const config = { baseUrl: rows[0].base_url, accountId: rows[0].account_id, inboxId: rows[0].inbox_id, token: ctx.secrets.decrypt(rows[0].api_token_enc) };

    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      args.countCall();
      const res = await fetch(`${config.baseUrl}/api/v1/accounts/${config.accountId}${path}`, {
        method,
        headers: { api_access_token: config.token, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`Chatwoot ${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };

    // findOrCreateContact: search by phone, create when absent
    const search = await api<{ payload: Array<{ id: number; phone_number: string | null }> }>('GET', `/contacts/search?q=${encodeURIComponent(phone)}`);
    let contactId = search.payload.find((c) => c.phone_number === phone)?.id;
    if (contactId === undefined) {
      const created = await api<{ payload: { contact: { id: number } } }>('POST', '/contacts', { name: args.clientName, phone_number: phone, inbox_id: config.inboxId });
      contactId = created.payload.contact.id;
    }

    // sendMessageToContact: a new conversation every time, then the message
    const conversation = await api<{ id: number }>('POST', '/conversations', { inbox_id: config.inboxId, contact_id: contactId });
    const sent = await api<{ id: number }>('POST', `/conversations/${conversation.id}/messages`, { content: message, message_type: 'outgoing', private: false });

    // NotificationLog: "Todas las notificaciones se registran en NotificationLog"
    await ctx.pool.query(
      `insert into notification_logs (tenant_id, type, channel, status, recipient, recipient_name, message, idempotency_key, provider, provider_message_id, sent_at)
       values ($1, 'APPOINTMENT_REMINDER', 'CHATWOOT', 'SENT', $2, $3, $4, $5, 'chatwoot', $6, now())`,
      [args.tenantId, phone, args.clientName, message, `seed-baseline:${randomUUID()}`, String(sent.id)],
    );
    return { success: true, messageId: String(sent.id) };
  } catch (err) {
    return { success: false, error: err instanceof Error ? err.message : String(err) };
  }
}
