/**
 * Test helpers: a sandbox seeded with a typical clinic account, and a client pointed at it.
 */
import { expect } from 'vitest';
import { createChatwootClient, type ChatwootClientOptions } from '../../src/chatwoot/chatwoot.client.ts';
import { ChatwootError } from '../../src/chatwoot/chatwoot.errors.ts';
import { startChatwootSandbox, type ChatwootSandboxOptions } from '../../src/sandbox/index.ts';

export const APPROVED_TEMPLATE = { name: 'appointment_reminder', language: 'es_MX', status: 'APPROVED', category: 'UTILITY' };
export const REJECTED_TEMPLATE = { name: 'promo_blast', language: 'es_MX', status: 'REJECTED', category: 'MARKETING' };

export async function startClinicSandbox(options: ChatwootSandboxOptions = {}) {
  const sandbox = await startChatwootSandbox(options);
  const seeded = sandbox.seedAccount({
    name: 'Clínica Roma',
    inboxes: [
      { name: 'Clinic API', channel_type: 'Channel::Api' },
      {
        name: 'Clinic WhatsApp',
        channel_type: 'Channel::Whatsapp',
        phone_number: '+5215500000000',
        message_templates: [APPROVED_TEMPLATE, REJECTED_TEMPLATE],
      },
      { name: 'Single-thread WhatsApp', channel_type: 'Channel::Whatsapp', lock_to_single_conversation: true },
    ],
  });
  const [apiInbox, whatsappInbox, singleConversationInbox] = seeded.inboxes;
  const clientFor = (overrides: Partial<ChatwootClientOptions> = {}) =>
    createChatwootClient({ baseUrl: sandbox.url, accountId: seeded.accountId, apiToken: seeded.userToken, ...overrides });
  return { sandbox, seeded, apiInbox, whatsappInbox, singleConversationInbox, client: clientFor(), clientFor };
}

/** The ChatwootError `promise` rejects with; fails the test if it resolves or throws something else. */
export async function chatwootErrorOf(promise: Promise<unknown>): Promise<ChatwootError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).not.toHaveProperty('value');
  const { error } = outcome as { error: unknown };
  expect(error).toBeInstanceOf(ChatwootError);
  return error as ChatwootError;
}

/** The first instant of the minute after `t` (ms). */
export const nextMinuteBoundary = (t: number) => (Math.floor(t / 60_000) + 1) * 60_000;

/**
 * Waits for a fresh minute window when the current one ends within `marginMs`, so a test that
 * counts requests in a fixed window cannot straddle two windows.
 */
export async function awaitRoomInMinuteWindow(marginMs = 3_000): Promise<void> {
  const left = nextMinuteBoundary(Date.now()) - Date.now();
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
