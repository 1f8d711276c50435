/**
 * Booking: clients, services, professionals and appointments with their status transitions.
 * Other capabilities import from here only (see README.md).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { branchRoutes } from '../tenancy/branches.routes.ts';
import { appointmentRoutes } from './appointments.routes.ts';
import { clientRoutes } from './clients.routes.ts';
import { professionalRoutes } from './professionals.routes.ts';
import { serviceRoutes } from './services.routes.ts';

export const bookingRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Branches belong to tenancy, but are registered here until app.ts registers them itself.
  branchRoutes(app, ctx);
  clientRoutes(app, ctx);
  serviceRoutes(app, ctx);
  professionalRoutes(app, ctx);
  appointmentRoutes(app, ctx);
};

export {
  cancelAppointment,
  completeAppointment,
  confirmAppointment,
  createAppointment,
  findAppointment,
  getAppointmentWithDetails,
  listAppointments,
  listUpcomingAppointments,
  markNoShow,
  markReminderSent,
  rescheduleAppointment,
  updateAppointment,
} from './appointments.service.ts';
export type { AppointmentWithDetails } from './appointments.repository.ts';
export { allowedActions, type AppointmentAction } from './appointment-status.ts';
export { createClient, findClient, findClientByPhone, getClient, listClients, updateClient } from './clients.service.ts';
export { createService, getService, listServices } from './services.service.ts';
export { createProfessional, getProfessional, listProfessionals } from './professionals.service.ts';
export type { Appointment, AppointmentStatus, Client, Professional, Service } from './booking.tables.ts';
