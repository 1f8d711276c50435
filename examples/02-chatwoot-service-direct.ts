/**
 * Seed §1 "Usando ChatwootService Directamente".
 * Changed from the seed: the import path, and the last two statements (RESULT line, close).
 */
import { chatwootService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar mensaje directamente
const result = await chatwootService.sendChatwoot({
  to: '+523331234567',
  message: 'Hola, ¿cómo estás?',
  tenantId: 'tenant-123',
  clientName: 'Juan Pérez',
});

console.log(result);
// { success: true, messageId: 'chatwoot-msg-789' }

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
