/**
 * Seed §2 "Usando NotificationManager con Appointment".
 * Changed from the seed: the import paths; the appointment id comes from the environment
 * (EXAMPLE_APPOINTMENT_ID: our appointment ids are generated UUIDs, so 'appointment-id-123'
 * cannot exist; without it the call answers { success: false, error: 'Appointment … not found' });
 * and the last two statements (RESULT line, close).
 * The tenant needs an active template named 'appointment_confirmation_template'
 * (POST /api/templates; examples/setup.ts creates one).
 */
import { notificationManager } from '../src/index.ts';
import { NotificationType, NotificationChannel } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar notificación de cita usando template
const result = await notificationManager.sendAppointmentNotificationByChannel(
  process.env.EXAMPLE_APPOINTMENT_ID ?? 'appointment-id-123', // ID de la cita
  NotificationType.APPOINTMENT_CONFIRMATION,
  NotificationChannel.CHATWOOT,
  'appointment_confirmation_template' // Nombre del template
);

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
