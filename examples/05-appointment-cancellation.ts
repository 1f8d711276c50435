/**
 * Seed §2 "Cancelación de Cita". The seed's snippet continues the previous one, so it has no
 * import of its own.
 * Changed from the seed: the import (the one of the previous snippet, with our path), and the last
 * two statements (RESULT line, close).
 */
import { chatwootService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar notificación de cancelación
const result = await chatwootService.sendAppointmentCancellation({
  to: '+523331234567',
  tenantId: 'tenant-123',
  clientName: 'Pedro Martínez',
  appointmentDate: '20 de Noviembre, 2025',
  appointmentTime: '3:00 PM',
  reason: 'El profesional no está disponible',
});

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
