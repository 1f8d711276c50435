/**
 * A text that says "hoy" / "mañana" is true only until the client's midnight. A reminder rendered
 * on one local day and delivered on a later one (held by quiet hours through the night, or retried
 * across midnight during an outage) is rendered again for the day it goes out; one delivered on
 * the day it was rendered goes out as rendered; and one whose earlier attempt may have reached
 * Chatwoot keeps the text that attempt sent, so the look for it finds it.
 *
 * "Now" is never faked. Each salon's clock is one of two zones without DST, 15 h apart, whichever
 * reads before 20:00 now: Mexico City (UTC−6) or Tokyo (UTC+9). Its appointments are at 23:00, so
 * one booked for today is still ahead. A day passing is recreated in the data: an appointment
 * booked for tomorrow is moved to today, and its reminder row one day back too (`renderedDayEndsAt`,
 * the end of the day its text was rendered on, and its deadline, the appointment's start), as a
 * row rendered yesterday would be.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { recoverStaleDeliveries } from '../../src/delivery/index.ts';
import { chatwootThreadsOf, clinicTestbed, configureChatwoot, readLog, sendNotification } from '../helpers/chatwoot-sandbox.ts';
import type { TestTenant } from '../helpers/context.ts';
import {
  addDays,
  appointmentNowStartsAt,
  crashWhileSending,
  fixedOffsetNow,
  frontDesk,
  logByKey,
  makeDue,
  quietHoursAroundNow,
  runDueJobs,
  setNotificationSettings,
  type BookedAppointment,
} from './fixture.ts';

const { t, chatwoot, sandbox, accountId } = await clinicTestbed();

const mexico = fixedOffsetNow(-6);
const clock =
  mexico.minuteOfDay < 20 * 60
    ? { zone: 'America/Mexico_City', offsetHours: -6, offset: '-06:00', today: mexico.date }
    : { zone: 'Asia/Tokyo', offsetHours: 9, offset: '+09:00', today: fixedOffsetNow(9).date };
const tomorrow = addDays(clock.today, 1);
const localTime = (date: string, time: string) => new Date(`${date}T${time}${clock.offset}`);

const messagesTo = (phoneE164: string) => chatwootThreadsOf(sandbox, accountId, phoneE164).messages.map((m) => ({ id: m.id, text: m.content as string }));

/** A salon on Chatwoot in the chosen zone that sends no confirmations: what reaches a phone is the reminder alone. */
async function newSalon(): Promise<TestTenant> {
  const salon = await t.newTenant({ name: 'Estética Roma', timezone: clock.zone });
  await configureChatwoot(t, salon.headers, chatwoot.settings());
  await setNotificationSettings(t, salon.headers, { confirmationEnabled: false });
  return salon;
}

const reminderKey = (appointment: BookedAppointment) => `reminder:${appointment.id}:1440:${localTime(tomorrow, '23:00:00').toISOString()}`;

/**
 * Books tomorrow at 23:00; its 24 h reminder comes up now, inside quiet hours, and waits QUEUED
 * with the text rendered today.
 */
async function reminderHeldByQuietHours(salon: TestTenant) {
  const appointment = await frontDesk(t, salon).book(`${tomorrow}T23:00:00${clock.offset}`);
  await setNotificationSettings(t, salon.headers, quietHoursAroundNow(clock.offsetHours).settings);
  await makeDue(t, `reminder:${appointment.id}:1440`);
  await runDueJobs(t);
  const reminder = await logByKey(t, salon.headers, appointment.id, reminderKey(appointment));
  expect(reminder).toMatchObject({ status: 'QUEUED', errorCode: 'QUIET_HOURS' });
  return { appointment, reminder };
}

/** Quiet hours are over, and the held row's deliver job is due. */
async function deliverHeldRow(salon: TestTenant, logId: string) {
  await setNotificationSettings(t, salon.headers, { quietHoursStart: null, quietHoursEnd: null });
  await makeDue(t, `deliver:${logId}`);
  await runDueJobs(t);
}

/** A day passes: the appointment booked for tomorrow is today, and the row's text was rendered yesterday. */
async function aDayLater(appointment: BookedAppointment, logId: string) {
  await appointmentNowStartsAt(t, appointment.id, localTime(clock.today, '23:00:00'), 'lost');
  const { rowCount } = await t.ctx.pool.query(
    `update notification_logs
        set deadline_at = deadline_at - interval '1 day',
            metadata = jsonb_set(metadata, '{renderedDayEndsAt}', to_jsonb(((metadata->>'renderedDayEndsAt')::timestamptz - interval '1 day')))
      where id = $1 and metadata ? 'renderedDayEndsAt'`,
    [logId],
  );
  expect(rowCount, 'the row says when the day it was rendered on ends').toBe(1);
}

/**
 * A reminder for tomorrow 23:00 sent through the API with a CUSTOM template named in the request
 * (the reminder's own lookup, by type, would never pick it: only its name does), held by quiet hours.
 */
async function reminderHeldWithNamedTemplate(body: string, variables?: Record<string, string>) {
  const salon = await newSalon();
  const appointment = await frontDesk(t, salon).book(`${tomorrow}T23:00:00${clock.offset}`);
  const template = await t.app.inject({
    method: 'POST',
    url: '/api/templates',
    headers: salon.headers,
    payload: { name: 'recordatorio-corto', type: 'CUSTOM', locale: 'es-MX', body },
  });
  expect(template.statusCode, template.body).toBe(201);
  await setNotificationSettings(t, salon.headers, quietHoursAroundNow(clock.offsetHours).settings);
  const res = await sendNotification(t, salon.headers, {
    type: 'APPOINTMENT_REMINDER',
    appointmentId: appointment.id,
    templateName: 'recordatorio-corto',
    ...(variables ? { variables } : {}),
  });
  expect(res.statusCode, res.body).toBe(202);
  return { salon, appointment, logId: res.json().logId as string, templateId: template.json().id as string };
}

describe('a reminder delivered on a later day than it was rendered', () => {
  it('held by quiet hours past midnight, it says "hoy" on the day of the appointment, and the row keeps the text sent', async () => {
    const salon = await newSalon();
    const { appointment, reminder } = await reminderHeldByQuietHours(salon);
    // Rendered today for tomorrow; its day ends at the salon's next midnight.
    expect(reminder.message).toMatch(/\bmañana\b/);
    expect(new Date(reminder.metadata.renderedDayEndsAt)).toEqual(localTime(tomorrow, '00:00:00'));

    await aDayLater(appointment, reminder.id);
    await deliverHeldRow(salon, reminder.id);

    const [sent, ...more] = messagesTo(appointment.phoneE164);
    expect(more).toEqual([]);
    expect(sent.text).toMatch(/\bhoy\b/);
    expect(sent.text).not.toMatch(/\bmañana\b/);
    const delivered = await readLog(t, salon.headers, reminder.id);
    expect(delivered).toMatchObject({ status: 'SENT', message: sent.text, providerMessageId: String(sent.id) });
    // Rendered again today: good until tonight's midnight.
    expect(new Date(delivered.metadata.renderedDayEndsAt)).toEqual(localTime(tomorrow, '00:00:00'));
  });

  it('sent through the API with a named template and variables, it is rendered again with both', async () => {
    const { salon, appointment, logId } = await reminderHeldWithNamedTemplate('Hola {{ client.name }}: tu cita es {{ appointment.relativeDay }}, {{ appointment.time }}', {
      clientName: 'Anita',
    });
    expect(await readLog(t, salon.headers, logId)).toMatchObject({ status: 'QUEUED', message: 'Hola Anita: tu cita es mañana, 11:00 p.m.' });

    await aDayLater(appointment, logId);
    await deliverHeldRow(salon, logId);

    expect(messagesTo(appointment.phoneE164).map((m) => m.text)).toEqual(['Hola Anita: tu cita es hoy, 11:00 p.m.']);
    expect(await readLog(t, salon.headers, logId)).toMatchObject({ status: 'SENT', message: 'Hola Anita: tu cita es hoy, 11:00 p.m.' });
  });

  it('when its named template is gone, it fails with the reason instead of naming the wrong day', async () => {
    const { salon, appointment, logId, templateId } = await reminderHeldWithNamedTemplate('Tu cita es {{ appointment.relativeDay }}.');
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/templates/${templateId}`, headers: salon.headers });
    expect(removed.statusCode, removed.body).toBe(204);

    await aDayLater(appointment, logId);
    await deliverHeldRow(salon, logId);

    expect(messagesTo(appointment.phoneE164)).toEqual([]);
    const failed = await readLog(t, salon.headers, logId);
    expect(failed).toMatchObject({ status: 'FAILED', errorCode: 'RERENDER_FAILED', message: 'Tu cita es mañana.' });
    expect(failed.errorMessage).toContain('recordatorio-corto');
  });
});

describe('a reminder delivered on the day it was rendered', () => {
  it('goes out as rendered, even though the salon changed its template meanwhile', async () => {
    const salon = await newSalon();
    const { appointment, reminder } = await reminderHeldByQuietHours(salon);
    const template = await t.app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: salon.headers,
      payload: { name: 'recordatorio-nuevo', type: 'APPOINTMENT_REMINDER', locale: 'es-MX', body: 'Te esperamos {{ appointment.relativeDay }}.' },
    });
    expect(template.statusCode, template.body).toBe(201);

    await deliverHeldRow(salon, reminder.id);

    expect(messagesTo(appointment.phoneE164).map((m) => m.text)).toEqual([reminder.message]);
    const delivered = await readLog(t, salon.headers, reminder.id);
    expect(delivered).toMatchObject({ status: 'SENT', message: reminder.message });
    expect(delivered.metadata.renderedDayEndsAt).toBe(reminder.metadata.renderedDayEndsAt);
  });
});

describe('a reminder whose earlier attempt may have reached Chatwoot (verifySince)', () => {
  let salon: TestTenant;
  beforeAll(async () => {
    salon = await newSalon();
  });

  it('keeps its text across midnight, so the look finds the message that attempt sent and nothing goes out twice', async () => {
    const appointment = await frontDesk(t, salon).book(`${tomorrow}T23:00:00${clock.offset}`);
    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);
    const [first] = messagesTo(appointment.phoneE164);
    const reminder = await logByKey(t, salon.headers, appointment.id, reminderKey(appointment));
    expect(reminder).toMatchObject({ status: 'SENT', message: first.text });
    expect(first.text).toMatch(/\bmañana\b/);
    // The worker died after Chatwoot stored the message and before the row said so; recovery
    // queues it again, to look for the message first. Then a day passes.
    await crashWhileSending(t, reminder.id, 10);
    await recoverStaleDeliveries(t.ctx);
    expect(await readLog(t, salon.headers, reminder.id)).toMatchObject({ status: 'QUEUED', metadata: expect.objectContaining({ verifySince: expect.any(String) }) });
    await aDayLater(appointment, reminder.id);

    await runDueJobs(t);

    expect(messagesTo(appointment.phoneE164)).toEqual([first]);
    expect(await readLog(t, salon.headers, reminder.id)).toMatchObject({ status: 'SENT', message: first.text, providerMessageId: String(first.id) });
  });
});
