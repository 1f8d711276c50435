/**
 * The messages the seed document shows as sent ("Mensaje enviado"), written out by hand from it:
 * the contract both the templates and the seed's examples are checked against.
 */
export const SEED_CONFIRMATION_MESSAGE = [
  '✅ *Cita Confirmada*',
  '',
  'Hola María González, tu cita ha sido confirmada.',
  '',
  '📅 Fecha: 15 de Noviembre, 2025',
  '⏰ Hora: 10:00 AM',
  '💼 Servicio: Corte de Cabello Premium',
  '💼 Profesional: Carlos García',
  '💼 Sucursal: Sucursal Centro',
  '',
  '¡Te esperamos!',
].join('\n');

export const SEED_REMINDER_MESSAGE = [
  '⏱ *Recordatorio de Cita*',
  '',
  'Hola Ana López, te recordamos que tienes una cita:',
  '',
  '📅 mañana',
  '⏱ 2:00 PM',
  '💼 Manicure y Pedicure',
  '',
  '¡No olvides asistir!',
].join('\n');
