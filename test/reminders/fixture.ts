/**
 * What the lifecycle and reminder tests share: a salon booked through the real API, the
 * graphile-worker jobs and log rows an appointment produced, and a way to run the worker once.
 *
 * Time is never faked. A job due in the future is run by moving its `run_at` to now (test setup,
 * as a clock would), and "now" in a tenant's zone is read from the real clock.
 */
import { Logger, runOnce } from 'graphile-worker';
import { expect } from 'vitest';
import { workerTasks } from '../../src/delivery/index.ts';
import { bookingApi } from '../booking/helpers.ts';
import type { TestContext, TestTenant } from '../helpers/context.ts';
import { newPhone } from '../helpers/chatwoot-sandbox.ts';

type Json = Record<string, any>;
/** An appointment as POST /api/appointments answered it, plus the phone its client was given. */
export type BookedAppointment = Json & { id: string; phoneE164: string };
type Headers = { authorization: string };

const silent = new Logger(() => () => {});

/**
 * Runs every job due now, and the jobs those jobs queue for now (a fallback, a retry due at once),
 * until none is left; jobs scheduled later stay where they are.
 */
export async function runDueJobs(t: TestContext): Promise<void> {
  await runOnce({ pgPool: t.ctx.pool, taskList: workerTasks(t.ctx), noHandleSignals: true, logger: silent });
}

export interface JobRow {
  task_identifier: string;
  payload: Json;
  run_at: Date;
  key: string;
  attempts: number;
}

/** Pending jobs whose key starts with `prefix`, by key. */
export async function jobsWithKeyPrefix(t: TestContext, prefix: string): Promise<JobRow[]> {
  const { rows } = await t.ctx.pool.query<JobRow>(
    // The public `jobs` view has no payload; the table behind it does.
    `select t.identifier as task_identifier, j.payload, j.run_at, j.key, j.attempts
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where starts_with(j.key, $1) order by j.key`,
    [prefix],
  );
  return rows;
}

/** The pending reminder jobs of an appointment (`reminder:{id}:{offset}`), by key. */
export const reminderJobsOf = (t: TestContext, appointmentId: string) => jobsWithKeyPrefix(t, `reminder:${appointmentId}:`);

/** The pending job that delivers a log row, if any. */
export async function deliverJobOf(t: TestContext, logId: string): Promise<JobRow | undefined> {
  return (await jobsWithKeyPrefix(t, `deliver:${logId}`))[0];
}

/** Makes a scheduled job due now, as if its time had come. */
export async function makeDue(t: TestContext, key: string): Promise<void> {
  const { rowCount } = await t.ctx.pool.query('update graphile_worker._private_jobs set run_at = now() where key = $1', [key]);
  expect(rowCount, `no pending job with key ${key}`).toBe(1);
}

/** Every log row of an appointment through GET /api/notifications/logs, by idempotency key. */
export async function logsOf(t: TestContext, headers: Headers, appointmentId: string): Promise<Json[]> {
  const res = await t.app.inject({ method: 'GET', url: `/api/notifications/logs?appointmentId=${appointmentId}&limit=200`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().data as Json[]).sort((a, b) => a.idempotencyKey.localeCompare(b.idempotencyKey));
}

/** The log row with this idempotency key (fails the test when there is none). */
export async function logByKey(t: TestContext, headers: Headers, appointmentId: string, key: string): Promise<Json> {
  const logs = await logsOf(t, headers, appointmentId);
  const row = logs.find((l) => l.idempotencyKey === key);
  expect(row, `no log row ${key}; found ${logs.map((l) => l.idempotencyKey).join(', ') || 'none'}`).toBeDefined();
  return row!;
}

/**
 * Time passing, in the data: the appointment, booked for a far date, now starts at `startsAt`, as
 * if it had been booked days ago for that time. Its reminder jobs are either kept and overdue (each
 * at its due time, as a worker running behind leaves them) or lost (as a restore or a cleared
 * queue leaves them).
 */
export async function appointmentNowStartsAt(t: TestContext, appointmentId: string, startsAt: Date, jobs: 'overdue' | 'lost'): Promise<void> {
  await t.ctx.pool.query('update appointments set start_time = $2, end_time = $2::timestamptz + (end_time - start_time) where id = $1', [appointmentId, startsAt]);
  const prefix = `reminder:${appointmentId}:`;
  if (jobs === 'lost') {
    for (const job of await reminderJobsOf(t, appointmentId)) await t.ctx.pool.query('select graphile_worker.remove_job($1)', [job.key]);
    return;
  }
  await t.ctx.pool.query(
    `update graphile_worker._private_jobs
        set run_at = $2::timestamptz - (payload->>'offsetMinutes')::int * interval '1 minute',
            payload = jsonb_set(payload::jsonb, '{startTime}', to_jsonb($3::text))::json
      where starts_with(key, $1)`,
    [prefix, startsAt, startsAt.toISOString()],
  );
}

/** Leaves the row as a worker killed mid-send would: SENDING since `minutesAgo`, no outcome, no job. */
export async function crashWhileSending(t: TestContext, logId: string, minutesAgo: number): Promise<void> {
  await t.ctx.pool.query(
    `update notification_logs
        set status = 'SENDING', sending_started_at = now() - make_interval(mins => $2),
            sent_at = null, provider = null, provider_message_id = null, provider_conversation_id = null
      where id = $1`,
    [logId, minutesAgo],
  );
  await t.ctx.pool.query('select graphile_worker.remove_job($1)', [`deliver:${logId}`]);
}

/** PUT /api/settings/notifications; fails the test unless it answers 200. */
export async function setNotificationSettings(t: TestContext, headers: Headers, patch: Json): Promise<Json> {
  const res = await t.app.inject({ method: 'PUT', url: '/api/settings/notifications', headers, payload: patch });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** GET /api/appointments/:id. */
export async function readAppointment(t: TestContext, headers: Headers, id: string): Promise<Json> {
  const res = await t.app.inject({ method: 'GET', url: `/api/appointments/${id}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * A salon's front desk: books clients who have a phone (so Chatwoot can reach them), and moves
 * their appointments through the transition routes, failing the test on any non-2xx answer.
 */
export function frontDesk(t: TestContext, tenant: Pick<TestTenant, 'headers'>) {
  const api = bookingApi(t, tenant);
  const post = async (url: string, payload?: Json, expected = 200): Promise<Json> => {
    const res = await api.call('POST', url, payload);
    expect(res.statusCode, `POST ${url}: ${res.body}`).toBe(expected);
    return res.json();
  };
  return {
    api,
    /** A new client with a new Mexican mobile phone (and `input`), booked at `startTime`. */
    async book(startTime: string, input: Json = {}): Promise<BookedAppointment> {
      const phone = newPhone();
      const client = await api.newClient({ firstName: 'Ana', lastName: 'López', phone: phone.written, ...input });
      const service = await api.newService({ name: 'Corte de cabello', durationMinutes: 45 });
      const appointment = await post('/api/appointments', { clientId: client.id, serviceId: service.id, startTime }, 201);
      return { ...appointment, id: appointment.id as string, phoneE164: phone.e164 };
    },
    confirm: (id: string) => post(`/api/appointments/${id}/confirm`),
    cancel: (id: string, reason?: string) => post(`/api/appointments/${id}/cancel`, reason ? { reason } : undefined),
    reschedule: (id: string, startTime: string) => post(`/api/appointments/${id}/reschedule`, { startTime }),
    complete: (id: string) => post(`/api/appointments/${id}/complete`),
  };
}

/** An instant `minutes` from now, at a whole minute (so due times derived from it are exact). */
export function minutesFromNow(minutes: number): Date {
  const at = new Date(Date.now() + minutes * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}

/**
 * The wall clock now in a zone with a fixed UTC offset, as "YYYY-MM-DD" and minutes after
 * midnight: plain arithmetic, independent of the code under test. Only for zones without daylight
 * saving time, e.g. America/Mexico_City (UTC−6 all year since Mexico abolished DST in October
 * 2022) and Asia/Tokyo (UTC+9).
 */
export function fixedOffsetNow(offsetHours: number, now = new Date()): { date: string; minuteOfDay: number } {
  const local = new Date(now.getTime() + offsetHours * 3_600_000);
  return { date: local.toISOString().slice(0, 10), minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** The wall clock now in America/Mexico_City (UTC−6, no DST). */
export const mexicoCityNow = (now = new Date()) => fixedOffsetNow(-6, now);

const hhmm = (minuteOfDay: number) => {
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/**
 * Quiet hours from an hour ago to an hour from now, in a zone with a fixed UTC offset (Mexico City
 * by default). They end when the local clock next shows `end`: the current minute plus 60 minutes.
 */
export function quietHoursAroundNow(offsetHours = -6) {
  const now = Date.now();
  const { minuteOfDay } = fixedOffsetNow(offsetHours, new Date(now));
  return {
    settings: { quietHoursStart: hhmm(minuteOfDay - 60), quietHoursEnd: hhmm(minuteOfDay + 60) },
    endsAt: new Date(Math.floor(now / 60_000) * 60_000 + 60 * 60_000),
  };
}

/** "YYYY-MM-DD" plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The text the es-MX templates give a date: "15 de enero de 2030". */
export function spanishDate(date: string): string {
  const months = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
  const [year, month, day] = date.split('-').map(Number);
  return `${day} de ${months[month - 1]} de ${year}`;
}
