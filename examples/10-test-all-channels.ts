/**
 * Seed §6 "Test de Todos los Canales".
 * Changed from the seed: the import path, and the last two statements (RESULT line, close).
 * With only Chatwoot configured the answer is { email: false, sms: false, whatsapp: false, chatwoot: true }.
 */
import { notificationManager } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Probar todos los canales de notificación
const status = await notificationManager.testAllChannels('tenant-123');

console.log(status);
// {
//   email: true,
//   sms: true,
//   whatsapp: true,
//   chatwoot: true
// }

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(status)}`);
await closeDefaultCitaPlanner();
