/**
 * Seed §6 "Test de Envío Completo" (testChatwootIntegration). The seed's snippet uses the
 * chatwootService of the earlier snippets without importing it.
 * Changed from the seed: the import (added, with our path); the call at the end is awaited
 * (`await testChatwootIntegration();` instead of `testChatwootIntegration();`) so the database
 * pool can be closed after it; and the last two statements (RESULT line, close).
 * Needs a tenant with slug 'test-tenant-123' and Chatwoot configured.
 */
import { chatwootService } from '../src/index.ts';
import { closeDefaultCitaPlanner } from '../src/index.ts';

// Test de envío de mensaje completo
async function testChatwootIntegration() {
    console.log(`📝 Iniciando test de integración de Chatwoot...`);

    const testTenantId = 'test-tenant-123';
    const testPhone = '+523331234567';

    // 1. Test de conexión
    console.log(`\n[1] Test de conexión...`);
    const isConnected = await chatwootService.testConnection(testTenantId);
    console.log(`  Resultado: ${isConnected ? '✅' : '❌'}`);

    if (!isConnected) {
        console.log(`  ❌ Chatwoot no está configurado. Abortando tests.`);
        return;
    }

    // 2. Test de envío simple
    console.log(`\n[2] Test de envío simple...`);
    const simpleResult = await chatwootService.sendChatwoot({
        to: testPhone,
        message: '📝 Mensaje de prueba desde CitaPlanner',
        tenantId: testTenantId,
        clientName: 'Usuario de Prueba',
    });
    console.log(`  Resultado: ${simpleResult.success ? '✅' : '❌'}`);
    if (!simpleResult.success) {
        console.log(`  Error: ${simpleResult.error}`);
    }

    // 3. Test de confirmación de cita
    console.log(`\n[3] Test de confirmación de cita...`);
    const confirmResult = await chatwootService.sendAppointmentConfirmation({
        to: testPhone,
        tenantId: testTenantId,
        clientName: 'Usuario de Prueba',
        appointmentDate: '15 de Noviembre, 2025',
        appointmentTime: '10:00 AM',
        serviceName: 'Servicio de Prueba',
        professionalName: 'Profesional de Prueba',
        branchName: 'Sucursal de Prueba',
    });
    console.log(`  Resultado: ${confirmResult.success ? '✅' : '❌'}`);

    // 4. Test de recordatorio
    console.log(`\n[4] Test de recordatorio...`);
    const reminderResult = await chatwootService.sendAppointmentReminder({
        to: testPhone,
        tenantId: testTenantId,
        clientName: 'Usuario de Prueba',
        appointmentDate: 'mañana',
        appointmentTime: '2:00 PM',
        serviceName: 'Servicio de Prueba',
    });
    console.log(`  Resultado: ${reminderResult.success ? '✅' : '❌'}`);

    console.log(`\n[✓] Tests completados`);
}

// Ejecutar tests
await testChatwootIntegration();

// Not in the seed: a final JSON line saying the function returned (the steps' outcomes are the lines above), then close the database pool.
console.log(`RESULT ${JSON.stringify({ returned: true })}`);
await closeDefaultCitaPlanner();
