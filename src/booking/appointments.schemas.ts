import { z } from 'zod';
import { paginationQuery, timestamp } from '../http/common.schemas.ts';
import { allowedActions, appointmentActions } from './appointment-status.ts';
import { appointmentStatus } from './booking.tables.ts';
import { isoDateTime, oneOrMany, optionalText } from './booking.schemas.ts';
import type { AppointmentWithDetails } from './appointments.repository.ts';

const statusSchema = z.enum(appointmentStatus.enumValues);
const uuid = z.string().uuid();
const notes = optionalText(2000).describe('Notes for the salon, e.g. "prefers Carlos"');
const endAfterStart = { path: ['endTime'], message: 'must be after startTime' };

export const appointmentCreate = z
  .object({
    clientId: uuid.describe('The client being booked'),
    serviceId: uuid.describe('The service booked; its duration gives the default end time'),
    professionalId: uuid.nullable().optional().describe('Who attends the client, if chosen'),
    branchId: uuid.nullable().optional().describe("Where; defaults to the professional's branch"),
    startTime: isoDateTime.describe('Start, ISO-8601 with offset or Z, e.g. 2025-11-20T15:00:00-06:00'),
    endTime: isoDateTime.optional().describe("End; defaults to start + the service's duration"),
    notes,
  })
  .refine((b) => !b.endTime || b.endTime > b.startTime, endAfterStart);
export type AppointmentCreate = z.infer<typeof appointmentCreate>;

/** Fields that only the transition routes may change; PATCH rejects them with the route to use. */
const viaRoute = (message: string) => z.never({ error: message }).optional().describe(message);

export const appointmentPatch = z.object({
  serviceId: uuid.optional().describe('Another service; the end time stays (reschedule to change it)'),
  professionalId: uuid.nullable().optional(),
  branchId: uuid.nullable().optional(),
  notes,
  status: viaRoute('cannot be changed with PATCH: use POST /api/appointments/{id}/confirm, /cancel, /complete or /no-show'),
  startTime: viaRoute('cannot be changed with PATCH: use POST /api/appointments/{id}/reschedule, which also tells the client'),
  endTime: viaRoute('cannot be changed with PATCH: use POST /api/appointments/{id}/reschedule'),
  clientId: viaRoute('cannot be changed: cancel this appointment and book one for the other client'),
});
export type AppointmentPatch = z.infer<typeof appointmentPatch>;

/** Optional as a whole: a cancel without a reason may send no body at all. */
export const cancelBody = z
  .object({ reason: z.string().trim().min(1).max(500).optional().describe('Why, shown to the client in the cancellation message') })
  .nullish();

export const rescheduleBody = z
  .object({
    startTime: isoDateTime.describe('New start, ISO-8601 with offset or Z'),
    endTime: isoDateTime.optional().describe('New end; defaults to the new start + the current length'),
  })
  .refine((b) => !b.endTime || b.endTime > b.startTime, endAfterStart);
export type RescheduleInput = z.infer<typeof rescheduleBody>;

export const appointmentListQuery = paginationQuery
  .extend({
    from: isoDateTime.optional().describe('Only appointments starting at or after this instant'),
    to: isoDateTime.optional().describe('Only appointments starting before this instant'),
    status: oneOrMany(statusSchema).optional().describe('One or several statuses: ?status=PENDING&status=CONFIRMED or ?status=PENDING,CONFIRMED'),
    clientId: uuid.optional(),
    serviceId: uuid.optional(),
    professionalId: uuid.optional(),
    branchId: uuid.optional(),
  })
  .refine((q) => !q.from || !q.to || q.to > q.from, { path: ['to'], message: 'must be after from' });
export type AppointmentListQuery = z.infer<typeof appointmentListQuery>;

const nameOf = z.object({ id: z.string().uuid(), name: z.string() });

export const appointmentResponse = z.object({
  id: z.string().uuid(),
  status: statusSchema,
  allowedActions: z.array(z.enum(appointmentActions)).describe('Transitions the current status allows (POST /api/appointments/{id}/<action>)'),
  startTime: timestamp,
  endTime: timestamp,
  clientId: z.string().uuid(),
  serviceId: z.string().uuid(),
  professionalId: z.string().uuid().nullable(),
  branchId: z.string().uuid().nullable(),
  client: z.object({ id: z.string().uuid(), firstName: z.string(), lastName: z.string(), phoneE164: z.string().nullable() }),
  service: nameOf.extend({ durationMinutes: z.number().int() }),
  professional: nameOf.nullable(),
  branch: nameOf.nullable(),
  notes: z.string().nullable(),
  cancelReason: z.string().nullable(),
  confirmedAt: timestamp.nullable(),
  cancelledAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  reminderSentAt: timestamp.nullable().describe('When the last reminder for the current time went out'),
  version: z.number().int().describe('Goes up on every reschedule, so messages about an older time can be told apart'),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const toAppointmentResponse = ({ appointment: a, client, service, professional, branch }: AppointmentWithDetails): z.input<typeof appointmentResponse> => ({
  id: a.id,
  status: a.status,
  allowedActions: allowedActions(a.status),
  startTime: a.startTime,
  endTime: a.endTime,
  clientId: a.clientId,
  serviceId: a.serviceId,
  professionalId: a.professionalId,
  branchId: a.branchId,
  client: { id: client.id, firstName: client.firstName, lastName: client.lastName, phoneE164: client.phoneE164 },
  service: { id: service.id, name: service.name, durationMinutes: service.durationMinutes },
  professional: professional && { id: professional.id, name: professional.name },
  branch: branch && { id: branch.id, name: branch.name },
  notes: a.notes,
  cancelReason: a.cancelReason,
  confirmedAt: a.confirmedAt,
  cancelledAt: a.cancelledAt,
  completedAt: a.completedAt,
  reminderSentAt: a.reminderSentAt,
  version: a.version,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});
