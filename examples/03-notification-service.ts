/**
 * Seed §1 "Usando NotificationService (Sistema Nuevo)".
 * Changed from the seed: the import paths; `recipientId` is a real client id from the environment
 * (EXAMPLE_CLIENT_ID: our client ids are generated UUIDs, so 'client-456' cannot exist; without it
 * the call answers { success: false, error: 'Client "client-456" not found' }); and the last two
 * statements (RESULT line, close).
 */
import { notificationService } from '../src/index.ts';
import { NotificationType, NotificationChannel } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar notificación con sistema nuevo
const result = await notificationService.sendNotification({
  type: NotificationType.APPOINTMENT_CONFIRMATION,
  channel: NotificationChannel.CHATWOOT,
  recipientId: process.env.EXAMPLE_CLIENT_ID ?? 'client-456',
  message: 'Tu cita ha sido confirmada',
});

console.log(result);
// { success: true, logId: 'log-xyz', messageId: 'msg-abc' }

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
