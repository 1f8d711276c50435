/**
 * Seed §1 "Usando NotificationManager (Sistema Antiguo - Compatible)".
 * Changed from the seed: the import paths, and the last two statements (RESULT line, close).
 * Run: see examples/README.md.
 */
import { notificationManager } from '../src/index.ts';
import { NotificationType, NotificationChannel } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar mensaje simple por Chatwoot
const result = await notificationManager.sendNotification({
  type: NotificationType.APPOINTMENT_REMINDER,
  channel: NotificationChannel.CHATWOOT, // Canal explícito
  recipient: '+523331234567', // Número de teléfono en formato internacional
  message: 'Hola, tu cita es mañana a las 10:00 AM',
  tenantId: 'tenant-123',
  recipientName: 'Juan Pérez',
});

console.log(result);
// { success: true, logId: 'log-id-123', messageId: 'chatwoot-456' }

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
