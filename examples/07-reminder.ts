/**
 * Seed §3 "Recordatorio Simple".
 * Changed from the seed: the import path, and the last two statements (RESULT line, close).
 */
import { chatwootService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar recordatorio de cita
const result = await chatwootService.sendAppointmentReminder({
  to: '+523331234567',
  tenantId: 'tenant-123',
  clientName: 'Ana López',
  appointmentDate: 'mañana',
  appointmentTime: '2:00 PM',
  serviceName: 'Manicure y Pedicure',
});

// Mensaje enviado:
// ⏱ *Recordatorio de Cita*
//
// Hola Ana López, te recordamos que tienes una cita:
//
// 📅 mañana
// ⏱ 2:00 PM
// 💼 Manicure y Pedicure
//
// ¡No olvides asistir!

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
