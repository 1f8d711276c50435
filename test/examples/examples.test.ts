/**
 * The seed's library examples (examples/*.ts) run as child processes, as a user would run them,
 * each against a fresh database and its own Chatwoot sandbox. Every expected text below is
 * written by hand: from the seed's own comments where it shows the message, otherwise from the
 * seed's arguments laid out by our default templates (src/templates/default-templates.ts).
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createAppointment, createClient } from '../../src/booking/index.ts';
import { createProfessional } from '../../src/booking/professionals.service.ts';
import { createService } from '../../src/booking/services.service.ts';
import { loadChatwootSettings, saveChatwootSettings } from '../../src/chatwoot/chatwoot-config.service.ts';
import { clientChatwootLinks } from '../../src/chatwoot/chatwoot.tables.ts';
import { MESSAGE_TYPE, type ChatwootMessage } from '../../src/chatwoot/chatwoot.types.ts';
import { startChatwootSandbox, type ChatwootSandbox } from '../../src/sandbox/index.ts';
import { createTemplate } from '../../src/templates/templates.service.ts';
import { createBranch } from '../../src/tenancy/branches.service.ts';
import { tenants } from '../../src/tenancy/tenancy.tables.ts';
import { createTestContext, type TestContext, type TestTenant } from '../helpers/context.ts';
import { SEED_CONFIRMATION_MESSAGE, SEED_REMINDER_MESSAGE } from '../helpers/seed-messages.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The JSON of the script's `RESULT …` line. */
  result: unknown;
}

/** Runs one script the way examples/README.md says: `node --import tsx examples/<file>`. */
function runScript(file: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('examples', file)], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A script that never exits (e.g. a pool left open) fails its test instead of hanging it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').findLast((l) => l.startsWith('RESULT '));
      resolve({ code, stdout, stderr, result: line ? JSON.parse(line.slice('RESULT '.length)) : undefined });
    });
  });
}

interface ExampleSetup {
  t: TestContext;
  tenant: TestTenant;
  sandbox: ChatwootSandbox;
  accountId: number;
  inboxId: number;
  /** Runs the script on this database, with the secret key the settings were encrypted with. */
  run(file: string, env?: Record<string, string>): Promise<Run>;
  /** Every outgoing message in the sandbox account, with its conversation's contact. */
  outgoing(): Array<{ message: ChatwootMessage; phone: string | null | undefined; name: string | null | undefined }>;
  /** A notification log row, read through the API as the tenant. */
  log(id: string): Promise<Record<string, unknown>>;
}

type OnFinished = (fn: () => Promise<void>) => void;

/**
 * A fresh database, a tenant with this slug, and its Chatwoot settings pointing at a new sandbox
 * (API inbox); closed when the test finishes (tests run concurrently, so not in an afterEach).
 */
async function setUp(onTestFinished: OnFinished, slug = 'tenant-123'): Promise<ExampleSetup> {
  const t = await createTestContext();
  const sandbox = await startChatwootSandbox({ contract: 'enforce' });
  onTestFinished(async () => {
    await sandbox.close();
    await t.close();
  });
  const tenant = await t.newTenant({ name: 'Salón Ejemplo', slug });
  const seeded = sandbox.seedAccount({ name: 'Salón Ejemplo', inboxes: [{ name: 'API', channel_type: 'Channel::Api' }] });
  const inboxId = seeded.inboxes[0].id;
  await saveChatwootSettings(t.ctx, tenant.id, null, {
    enabled: true,
    baseUrl: sandbox.url,
    accountId: seeded.accountId,
    inboxId,
    apiToken: seeded.userToken,
    // Not the default 60: at 60/min the pacing bucket holds one token (one call a second) and a
    // first contact makes 3-4 calls; 600/min holds 10, so these single sends never wait.
    rateLimitPerMinute: 600,
    whatsappTemplates: {},
  });
  return {
    t,
    tenant,
    sandbox,
    accountId: seeded.accountId,
    inboxId,
    run: (file, env = {}) =>
      runScript(file, { DATABASE_URL: t.dbUrl, CITAPLANNER_SECRET_KEY: t.secretKey, LOG_LEVEL: 'silent', CITAPLANNER_DEMO: 'false', ...env }),
    outgoing: () =>
      sandbox.listConversations(seeded.accountId).flatMap((conversation) =>
        sandbox
          .listMessages(seeded.accountId, conversation.id)
          .filter((m) => m.message_type === MESSAGE_TYPE.outgoing)
          .map((message) => ({ message, phone: conversation.meta.sender.phone_number, name: conversation.meta.sender.name })),
      ),
    async log(id) {
      const response = await t.app.inject({ method: 'GET', url: `/api/notifications/logs/${id}`, headers: tenant.headers });
      expect(response.statusCode).toBe(200);
      return response.json();
    },
  };
}

interface SendResultLine {
  success: boolean;
  logId: string;
  messageId: string;
  status: string;
  error?: string;
}

/**
 * What every sending example must show: exit 0, `{ success: true, logId, messageId }`, exactly one
 * outgoing message in the sandbox (to +523331234567, with the log's message id) and its SENT log row.
 */
async function expectOneMessageSent(s: ExampleSetup, run: Run, expected: { type: string; recipientName: string }) {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const result = run.result as SendResultLine;
  expect(result).toMatchObject({ success: true, status: 'SENT' });
  expect(result.logId).toMatch(UUID);
  expect(result.error).toBeUndefined();
  expect(s.sandbox.contractViolations).toEqual([]);

  const sent = s.outgoing();
  expect(sent).toHaveLength(1);
  expect(sent[0].phone).toBe('+523331234567');
  expect(result.messageId).toBe(String(sent[0].message.id));

  const log = await s.log(result.logId);
  expect(log).toMatchObject({
    type: expected.type,
    channel: 'CHATWOOT',
    status: 'SENT',
    recipient: '+523331234567',
    recipientName: expected.recipientName,
    providerMessageId: String(sent[0].message.id),
    message: sent[0].message.content,
  });
  return { content: sent[0].message.content, contactName: sent[0].name, log };
}

// Each child process costs 1-2 s of start-up (more on a busy machine): a few run at once, with room to spare.
describe.concurrent('the seed examples, run as scripts against the Chatwoot sandbox', { timeout: 120_000 }, () => {
  test('01 notificationManager.sendNotification sends the text as written', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('01-notification-manager.ts');
    const { content, contactName } = await expectOneMessageSent(s, run, { type: 'APPOINTMENT_REMINDER', recipientName: 'Juan Pérez' });
    expect(content).toBe('Hola, tu cita es mañana a las 10:00 AM');
    expect(contactName).toBe('Juan Pérez');
    // The seed's `console.log(result)`, before our RESULT line.
    expect(run.stdout).toMatch(/^\{\n {2}success: true,\n {2}logId: '[0-9a-f-]{36}',\n {2}messageId: '\d+',/);
  });

  test('02 chatwootService.sendChatwoot sends the text as written', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('02-chatwoot-service-direct.ts');
    const { content, contactName } = await expectOneMessageSent(s, run, { type: 'CUSTOM', recipientName: 'Juan Pérez' });
    expect(content).toBe('Hola, ¿cómo estás?');
    expect(contactName).toBe('Juan Pérez');
  });

  test('03 notificationService.sendNotification reaches the client by id', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const client = await createClient(s.t.ctx, s.tenant.id, { firstName: 'Juan', lastName: 'Pérez', phone: '33 3123 4567' });
    const run = await s.run('03-notification-service.ts', { EXAMPLE_CLIENT_ID: client.id });
    const { content, log } = await expectOneMessageSent(s, run, { type: 'APPOINTMENT_CONFIRMATION', recipientName: 'Juan Pérez' });
    expect(content).toBe('Tu cita ha sido confirmada');
    expect(log.clientId).toBe(client.id);
  });

  test('04 sendAppointmentConfirmation sends the seed\'s confirmation, line for line', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('04-appointment-confirmation.ts');
    const { content } = await expectOneMessageSent(s, run, { type: 'APPOINTMENT_CONFIRMATION', recipientName: 'María González' });
    // The seed's "Mensaje enviado" comment.
    expect(content).toBe(SEED_CONFIRMATION_MESSAGE);
  });

  test('05 sendAppointmentCancellation sends the cancellation with the reason', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('05-appointment-cancellation.ts');
    const { content } = await expectOneMessageSent(s, run, { type: 'APPOINTMENT_CANCELLATION', recipientName: 'Pedro Martínez' });
    // The seed shows no text for this one: its arguments in our default layout (no service line: none given).
    expect(content).toBe(
      [
        '❌ *Cita Cancelada*',
        '',
        'Hola Pedro Martínez, tu cita ha sido cancelada.',
        '',
        '📅 Fecha: 20 de Noviembre, 2025',
        '⏰ Hora: 3:00 PM',
        '📝 Motivo: El profesional no está disponible',
        '',
        'Si deseas agendar una nueva cita, contáctanos.',
      ].join('\n'),
    );
  });

  test('06 sendAppointmentNotificationByChannel renders the appointment with the named template', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const { ctx } = s.t;
    const branch = await createBranch(ctx, s.tenant.id, { name: 'Sucursal Centro' });
    const service = await createService(ctx, s.tenant.id, { name: 'Corte de Cabello Premium', durationMinutes: 60 });
    const professional = await createProfessional(ctx, s.tenant.id, { name: 'Carlos García', branchId: branch.id });
    const client = await createClient(ctx, s.tenant.id, { firstName: 'María', lastName: 'González', phone: '+52 33 3123 4567' });
    const appointment = await createAppointment(ctx, s.tenant.id, {
      clientId: client.id,
      serviceId: service.id,
      professionalId: professional.id,
      startTime: new Date('2030-11-15T10:00:00-06:00'),
    });
    // The tenant's usual Chatwoot confirmation, so only a lookup by name picks the one below.
    await createTemplate(ctx, s.tenant.id, {
      name: 'confirmacion_chatwoot',
      type: 'APPOINTMENT_CONFIRMATION',
      channel: 'CHATWOOT',
      locale: 'es-MX',
      body: 'Otra plantilla: {{ client.name }}',
    });
    await createTemplate(ctx, s.tenant.id, {
      name: 'appointment_confirmation_template',
      type: 'APPOINTMENT_CONFIRMATION',
      locale: 'es-MX',
      body: 'Plantilla del salón: {{ client.name }}, te esperamos el {{ appointment.date }} a las {{ appointment.time }} para {{ service.name }} con {{ professional.name }} en {{ branch.name }}.',
    });

    const run = await s.run('06-appointment-by-channel.ts', { EXAMPLE_APPOINTMENT_ID: appointment.appointment.id });
    const { content, log } = await expectOneMessageSent(s, run, { type: 'APPOINTMENT_CONFIRMATION', recipientName: 'María González' });
    // 10:00 in America/Mexico_City (UTC-6), in es-MX.
    expect(content).toBe(
      'Plantilla del salón: María González, te esperamos el 15 de noviembre de 2030 a las 10:00 a.m. para Corte de Cabello Premium con Carlos García en Sucursal Centro.',
    );
    expect(log).toMatchObject({ appointmentId: appointment.appointment.id, clientId: client.id });
  });

  test('07 sendAppointmentReminder sends the seed\'s reminder, line for line', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('07-reminder.ts');
    const { content } = await expectOneMessageSent(s, run, { type: 'APPOINTMENT_REMINDER', recipientName: 'Ana López' });
    // The seed's "Mensaje enviado" comment.
    expect(content).toBe(SEED_REMINDER_MESSAGE);
  });

  test('08 sendMarketingMessage sends the campaign text inside the promotion layout', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('08-marketing-message.ts');
    const { content } = await expectOneMessageSent(s, run, { type: 'PROMOTION', recipientName: 'Laura Rodríguez' });
    // The seed's campaign text after .trim(): its lines keep the four spaces they are written with.
    const campaign = [
      '🎉 *Oferta Especial para Ti!*',
      '',
      '    Regresa con nosotros y obtén:',
      '    ✨ 25% de descuento en tu próxima cita',
      '    ✨ Servicio de cortesía incluido',
      '    ✨ Válido hasta el 30 de noviembre',
      '',
      '    Reserva ahora: https://citaplanner.com/book',
      '',
      '    *Términos y condiciones aplican',
    ].join('\n');
    expect(content).toBe(['Hola Laura 👋', '', campaign, '', '— Salón Ejemplo', 'Responde BAJA si no deseas recibir promociones.'].join('\n'));
  });

  test('09 testConnection answers true and prints the seed\'s ✅ line', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('09-test-connection.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.result).toEqual({ isConnected: true });
    expect(run.stdout.split('\n')).toContain('✅ Chatwoot está configurado y funcionando');
    // It really asked the sandbox, with the stored token, and sent nothing.
    expect(s.sandbox.calls.length).toBeGreaterThan(0);
    expect(s.sandbox.calls.every((c) => c.status === 200)).toBe(true);
    expect(s.sandbox.contractViolations).toEqual([]);
    expect(s.outgoing()).toEqual([]);
  });

  test('10 testAllChannels: only Chatwoot is configured, so only chatwoot is true', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('10-test-all-channels.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.result).toEqual({ email: false, sms: false, whatsapp: false, chatwoot: true });
    expect(run.stdout).toContain('{ email: false, sms: false, whatsapp: false, chatwoot: true }');
    expect(s.sandbox.calls.length).toBeGreaterThan(0);
    expect(s.sandbox.contractViolations).toEqual([]);
  });

  test('11 testChatwootIntegration passes its four steps on test-tenant-123', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished, 'test-tenant-123');
    const run = await s.run('11-integration-test.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.result).toEqual({ returned: true });
    expect(run.stdout.split('\n')).toEqual([
      '📝 Iniciando test de integración de Chatwoot...',
      '',
      '[1] Test de conexión...',
      '  Resultado: ✅',
      '',
      '[2] Test de envío simple...',
      '  Resultado: ✅',
      '',
      '[3] Test de confirmación de cita...',
      '  Resultado: ✅',
      '',
      '[4] Test de recordatorio...',
      '  Resultado: ✅',
      '',
      '[✓] Tests completados',
      'RESULT {"returned":true}',
      '',
    ]);
    expect(s.sandbox.contractViolations).toEqual([]);
    const sent = s.outgoing();
    expect(sent.map((m) => m.phone)).toEqual(['+523331234567', '+523331234567', '+523331234567']);
    expect(sent.map((m) => m.message.content).sort()).toEqual(
      [
        '📝 Mensaje de prueba desde CitaPlanner',
        [
          '✅ *Cita Confirmada*',
          '',
          'Hola Usuario de Prueba, tu cita ha sido confirmada.',
          '',
          '📅 Fecha: 15 de Noviembre, 2025',
          '⏰ Hora: 10:00 AM',
          '💼 Servicio: Servicio de Prueba',
          '💼 Profesional: Profesional de Prueba',
          '💼 Sucursal: Sucursal de Prueba',
          '',
          '¡Te esperamos!',
        ].join('\n'),
        [
          '⏱ *Recordatorio de Cita*',
          '',
          'Hola Usuario de Prueba, te recordamos que tienes una cita:',
          '',
          '📅 mañana',
          '⏱ 2:00 PM',
          '💼 Servicio de Prueba',
          '',
          '¡No olvides asistir!',
        ].join('\n'),
      ].sort(),
    );
    const logs = await s.t.app.inject({ method: 'GET', url: '/api/notifications/logs?status=SENT', headers: s.tenant.headers });
    expect(logs.json().data.map((l: { type: string }) => l.type).sort()).toEqual(['APPOINTMENT_CONFIRMATION', 'APPOINTMENT_REMINDER', 'CUSTOM']);
  });

  test('12 sendFeedbackRequest sends the feedback link', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const run = await s.run('12-feedback-request.ts');
    const { content } = await expectOneMessageSent(s, run, { type: 'FEEDBACK_REQUEST', recipientName: 'Roberto Sánchez' });
    // The seed shows no text for this one: its arguments in our default layout (no professional line: none given).
    expect(content).toBe(
      [
        '⭐ *¿Cómo fue tu experiencia?*',
        '',
        'Hola Roberto Sánchez, gracias por visitarnos.',
        '',
        '💼 Servicio: Corte de Cabello',
        '',
        'Cuéntanos qué te pareció, solo toma un minuto:',
        '🔗 https://citaplanner.com/feedback/apt-789',
        '',
        '¡Gracias por tu preferencia!',
      ].join('\n'),
    );
  });

  test('13 sendWithAutoDetection finds the client, creates its contact with our ids, and sends', async ({ onTestFinished }) => {
    const s = await setUp(onTestFinished);
    const client = await createClient(s.t.ctx, s.tenant.id, {
      firstName: 'Juan',
      lastName: 'Pérez',
      phone: '+523331234567',
      email: 'juan.perez@example.com',
    });
    await s.t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.t.app.server.address() as AddressInfo;
    const viewer = await s.tenant.as('viewer');
    const run = await s.run('13-send-with-auto-detection.ts', {
      EXAMPLE_API_URL: `http://127.0.0.1:${port}`,
      EXAMPLE_API_KEY: viewer.authorization.slice('Bearer '.length),
    });
    const { content, log } = await expectOneMessageSent(s, run, { type: 'CUSTOM', recipientName: 'Juan Pérez' });
    expect(content).toBe('Tu cita está confirmada');
    expect(log.clientId).toBe(client.id);

    // Step 3 made the contact, with the seed's fields; the send found it rather than making another.
    const contacts = s.sandbox.listContacts(s.accountId);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      name: 'Juan Pérez',
      phone_number: '+523331234567',
      email: 'juan.perez@example.com',
      custom_attributes: { identifier: client.id, client_id: client.id, tenant_id: 'tenant-123' },
    });
    // Step 4's replacement: the send stored the client ↔ contact link.
    const links = await s.t.ctx.db.select().from(clientChatwootLinks).where(eq(clientChatwootLinks.clientId, client.id));
    expect(links.map((l) => l.contactId)).toEqual([contacts[0].id]);
  });

  test('setup.ts (examples/README.md) prepares tenant-123 and test-tenant-123 from the demo tenant\'s Chatwoot, twice, and examples 03, 06 and 13 then send', async ({ onTestFinished }) => {
    // What `npm start` leaves: a demo tenant (slug "demo") whose Chatwoot is the sandbox.
    const s = await setUp(onTestFinished, 'demo');
    const exportsOf = (run: Run) => {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const vars = Object.fromEntries(
        run.stdout
          .split('\n')
          .filter((l) => l.startsWith('export '))
          .map((l) => l.slice('export '.length).split('=') as [string, string]),
      );
      expect(Object.keys(vars).sort()).toEqual(['EXAMPLE_API_KEY', 'EXAMPLE_APPOINTMENT_ID', 'EXAMPLE_CLIENT_ID']);
      return vars;
    };
    const first = exportsOf(await s.run('setup.ts'));
    const second = exportsOf(await s.run('setup.ts'));
    // Run again, it reuses the client and the appointment (a new key each time).
    expect(second.EXAMPLE_CLIENT_ID).toBe(first.EXAMPLE_CLIENT_ID);
    expect(second.EXAMPLE_APPOINTMENT_ID).toBe(first.EXAMPLE_APPOINTMENT_ID);
    expect(first.EXAMPLE_CLIENT_ID).toMatch(UUID);
    expect(first.EXAMPLE_APPOINTMENT_ID).toMatch(UUID);

    // Both tenants now use the demo's Chatwoot.
    for (const slug of ['tenant-123', 'test-tenant-123']) {
      const [tenant] = await s.t.ctx.db.select().from(tenants).where(eq(tenants.slug, slug));
      expect(await loadChatwootSettings(s.t.ctx, tenant.id)).toMatchObject({ baseUrl: s.sandbox.url, accountId: s.accountId, inboxId: s.inboxId, enabled: true });
    }

    const examples = async (file: string, env: Record<string, string> = {}) => {
      const before = s.outgoing().length;
      const run = await s.run(file, env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.result).toMatchObject({ success: true, status: 'SENT' });
      const sent = s.outgoing();
      expect(sent).toHaveLength(before + 1);
      return sent.find((m) => String(m.message.id) === (run.result as SendResultLine).messageId)!;
    };

    const three = await examples('03-notification-service.ts', { EXAMPLE_CLIENT_ID: first.EXAMPLE_CLIENT_ID });
    expect(three).toMatchObject({ phone: '+523331234567', name: 'Juan Pérez', message: { content: 'Tu cita ha sido confirmada' } });

    const six = await examples('06-appointment-by-channel.ts', { EXAMPLE_APPOINTMENT_ID: first.EXAMPLE_APPOINTMENT_ID });
    const lines = six.message.content!.split('\n');
    expect(lines[0]).toBe('✅ *Cita Confirmada*');
    expect(lines[2]).toBe('Hola Juan Pérez, tu cita ha sido confirmada.');
    expect(lines[4]).toMatch(/^📅 Fecha: \d{1,2} de [a-z]+ de \d{4}$/);
    expect(lines.slice(5)).toEqual([
      '⏰ Hora: 10:00 a.m.',
      '💼 Servicio: Corte de Cabello Premium',
      '💼 Profesional: Carlos García',
      '💼 Sucursal: Sucursal Centro',
      '',
      '¡Te esperamos!',
    ]);

    await s.t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.t.app.server.address() as AddressInfo;
    const thirteen = await examples('13-send-with-auto-detection.ts', { EXAMPLE_API_URL: `http://127.0.0.1:${port}`, EXAMPLE_API_KEY: first.EXAMPLE_API_KEY });
    expect(thirteen.message.content).toBe('Tu cita está confirmada');
    expect(s.sandbox.contractViolations).toEqual([]);
  }, 240_000);
});
