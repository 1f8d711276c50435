/**
 * What every capability's service functions receive: the database and the process-wide
 * collaborators. Built once per process (src/runtime.ts, test helpers, createCitaPlanner).
 */
import type pg from 'pg';
import type { Config } from './config.ts';
import type { Appointment } from './booking/booking.tables.ts';
import type { Db, Tx } from './db/client.ts';
import type { Logger } from './logger.ts';
import type { SecretBox } from './tenancy/secrets.ts';

export interface AppContext {
  db: Db;
  pool: pg.Pool;
  config: Config;
  secrets: SecretBox;
  logger: Logger;
  /** Called inside the transaction of every appointment change, so what it queues commits with it. */
  hooks: AppHooks;
}

export interface AppointmentChange {
  kind: 'created' | 'updated' | 'confirmed' | 'cancelled' | 'rescheduled' | 'completed' | 'no_show';
  before: Appointment | null;
  after: Appointment;
}

export interface AppHooks {
  onAppointmentChange(tx: Tx, change: AppointmentChange): Promise<void>;
}

/** Hooks for a context without lifecycle triggers (CLI commands that only read or migrate). */
export const noHooks: AppHooks = { onAppointmentChange: async () => {} };
