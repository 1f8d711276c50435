/**
 * Seed §2 "Confirmación de Cita".
 * Changed from the seed: the import path, and the last two statements (RESULT line, close).
 */
import { chatwootService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar confirmación de cita con formato profesional
const result = await chatwootService.sendAppointmentConfirmation({
  to: '+523331234567',
  tenantId: 'tenant-123',
  clientName: 'María González',
  appointmentDate: '15 de Noviembre, 2025',
  appointmentTime: '10:00 AM',
  serviceName: 'Corte de Cabello Premium',
  professionalName: 'Carlos García',
  branchName: 'Sucursal Centro',
});

console.log(result);
// Mensaje enviado:
// ✅ *Cita Confirmada*
//
// Hola María González, tu cita ha sido confirmada.
//
// 📅 Fecha: 15 de Noviembre, 2025
// ⏰ Hora: 10:00 AM
// 💼 Servicio: Corte de Cabello Premium
// 💼 Profesional: Carlos García
// 💼 Sucursal: Sucursal Centro
//
// ¡Te esperamos!

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
