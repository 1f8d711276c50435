/** Chatwoot: the typed API client, per-tenant configuration, contact/conversation resolution and diagnosis. */
export { createChatwootClient, type ChatwootCall, type ChatwootClient, type ChatwootClientOptions } from './chatwoot.client.ts';
export { ChatwootError, isChatwootError, isTransient } from './chatwoot.errors.ts';
export { loadChatwootSettings, saveChatwootSettings, type ChatwootSettings, type WhatsappTemplateRef } from './chatwoot-config.service.ts';
export { findOrCreateContact, type ContactIdentity } from './contact-resolver.ts';
export { findLink, findSentMessage, sendToRecipient, type ChatwootRecipient, type ChatwootSendResult } from './conversation-sender.ts';
export { diagnoseTenantChatwoot, type ChatwootTestResult } from './connection-test.service.ts';
export { chatwootRoutes } from './chatwoot.routes.ts';
