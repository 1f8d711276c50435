/**
 * Seed §4 "Campaña de Descuento".
 * Changed from the seed: the import path, and the last two statements (RESULT line, close).
 * The text inside the template literal is the seed's, indentation included.
 */
import { chatwootService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Enviar mensaje de campaña a un cliente
const result = await chatwootService.sendMarketingMessage({
    to: '+523331234567',
    tenantId: 'tenant-123',
    clientName: 'Laura Rodríguez',
    campaignMessage: `

    🎉 *Oferta Especial para Ti!*

    Regresa con nosotros y obtén:
    ✨ 25% de descuento en tu próxima cita
    ✨ Servicio de cortesía incluido
    ✨ Válido hasta el 30 de noviembre

    Reserva ahora: https://citaplanner.com/book

    *Términos y condiciones aplican
    `.trim(),
});

// Not in the seed: the outcome as one JSON line (for the tests), then close the database pool.
console.log(`RESULT ${JSON.stringify(result)}`);
await closeDefaultCitaPlanner();
