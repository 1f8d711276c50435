import type { AppContext } from '../context.ts';
import { idParam } from '../http/common.schemas.ts';
import {
  appointmentCreate,
  appointmentListQuery,
  appointmentPatch,
  appointmentResponse,
  cancelBody,
  rescheduleBody,
  toAppointmentResponse,
} from './appointments.schemas.ts';
import {
  cancelAppointment,
  completeAppointment,
  confirmAppointment,
  createAppointment,
  deleteAppointment,
  getAppointmentWithDetails,
  listAppointments,
  markNoShow,
  rescheduleAppointment,
  updateAppointment,
} from './appointments.service.ts';
import { registerCrudRoutes, writeErrors, type ZodApp } from './crud-routes.ts';

const transitionSchema = (summary: string, description: string) => ({
  tags: ['appointments'],
  summary,
  description: `${description} Answers 409 INVALID_TRANSITION when the current status does not allow it (see allowedActions).`,
  params: idParam,
  response: { 200: appointmentResponse, ...writeErrors },
});

export function appointmentRoutes(app: ZodApp, ctx: AppContext): void {
  registerCrudRoutes(app, ctx, {
    path: '/api/appointments',
    tag: 'appointments',
    noun: 'appointment',
    schemas: { query: appointmentListQuery, create: appointmentCreate, patch: appointmentPatch, response: appointmentResponse },
    toResponse: toAppointmentResponse,
    service: { list: listAppointments, get: getAppointmentWithDetails, create: createAppointment, update: updateAppointment, delete: deleteAppointment },
    descriptions: {
      update: 'Changes service, professional, branch or notes. Status and time change only through the POST …/confirm, /cancel, /complete, /no-show and /reschedule routes.',
      delete: 'Only a CANCELLED appointment can be deleted (tidying up); any other answers 409: cancel it first, so the client is told.',
    },
  });

  app.post(
    '/api/appointments/:id/confirm',
    { schema: transitionSchema('Confirm an appointment', 'PENDING → CONFIRMED.') },
    async (req) => toAppointmentResponse(await confirmAppointment(ctx, req.auth.tenantId, req.params.id)),
  );

  app.post(
    '/api/appointments/:id/cancel',
    { schema: { ...transitionSchema('Cancel an appointment', 'PENDING or CONFIRMED → CANCELLED; its reminders are dropped.'), body: cancelBody } },
    async (req) => toAppointmentResponse(await cancelAppointment(ctx, req.auth.tenantId, req.params.id, req.body?.reason)),
  );

  app.post(
    '/api/appointments/:id/complete',
    { schema: transitionSchema('Mark an appointment as attended', 'PENDING or CONFIRMED → COMPLETED.') },
    async (req) => toAppointmentResponse(await completeAppointment(ctx, req.auth.tenantId, req.params.id)),
  );

  app.post(
    '/api/appointments/:id/no-show',
    { schema: transitionSchema('Mark that the client did not come', 'PENDING or CONFIRMED → NO_SHOW, once the start time has passed.') },
    async (req) => toAppointmentResponse(await markNoShow(ctx, req.auth.tenantId, req.params.id)),
  );

  app.post(
    '/api/appointments/:id/reschedule',
    {
      schema: {
        ...transitionSchema(
          'Move an appointment to another time',
          'Keeps the status (PENDING or CONFIRMED), bumps version and clears reminderSentAt so reminders are owed for the new time.',
        ),
        body: rescheduleBody,
      },
    },
    async (req) => toAppointmentResponse(await rescheduleAppointment(ctx, req.auth.tenantId, req.params.id, req.body)),
  );
}
