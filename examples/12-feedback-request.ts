/**
 * Seed §7 "Solicitud de Feedback Post-Cita".
 * Changed from the seed: the import path, and the last two statements (RESULT line, close).
 */
import { chatwootService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar solicitud de feedback 2 horas después de la cita
const result = await chatwootService.sendFeedbackRequest({
  to: '+523331234567',
  tenantId: 'tenant-123',
  clientName: 'Roberto Sánchez',
  serviceName: 'Corte de Cabello',
  feedbackUrl: 'https://citaplanner.com/feedback/apt-789',
});

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
