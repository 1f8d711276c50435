/**
 * Seed §6 "Test de Conexión".
 * Changed from the seed: the import path, and the last two statements (RESULT line, close).
 */
import { chatwootService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Probar conexión para un tenant
const isConnected = await chatwootService.testConnection('tenant-123');

if (isConnected) {
  console.log('✅ Chatwoot está configurado y funcionando');
} else {
  console.log('❌ Chatwoot no está configurado o hay un problema');
}

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify({ isConnected })}`);
await closeDefaultCitaPlanner();
