/**
 * Every client method, against a sandbox that checks each request against the official spec
 * (with NOTES' corrections): the client must not send anything the spec does not describe.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChatwootCall } from '../../src/chatwoot/chatwoot.client.ts';
import { APPROVED_TEMPLATE, startClinicSandbox } from '../sandbox/sandbox.fixture.ts';

let ctx: Awaited<ReturnType<typeof startClinicSandbox>>;

beforeAll(async () => {
  ctx = await startClinicSandbox({ contract: 'enforce' });
});
afterAll(() => ctx.sandbox.close());

it('every client method conforms to the spec', async () => {
  const calls: ChatwootCall[] = [];
  const client = ctx.clientFor({ onCall: (call) => calls.push(call) });

  await client.getProfile();
  await client.listInboxes();
  await client.getInbox(ctx.whatsappInbox.id);
  const { contact } = await client.createContact({
    name: 'Contrato',
    phone_number: '+5215512340000',
    email: 'contrato@example.com',
    identifier: 'client-900',
    inbox_id: ctx.whatsappInbox.id,
    custom_attributes: { client_id: '900' },
  });
  await client.createContact({ name: 'Sin bandeja', phone_number: '+5215512340001' });
  await client.filterContactsByPhone('+5215512340000');
  await client.searchContacts('+5215512340000', 1);
  await client.getContact(contact.id);
  await client.updateContact(contact.id, { name: 'Contrato Actualizado', custom_attributes: { vip: true } });
  await client.createContactInbox(contact.id, { inbox_id: ctx.apiInbox.id });
  await client.createContactInbox(contact.id, { inbox_id: ctx.apiInbox.id, source_id: 'fixed-source' });
  const conversation = await client.createConversation({
    inbox_id: ctx.whatsappInbox.id,
    contact_id: contact.id,
    status: 'open',
    message: {
      content: 'Recordatorio',
      template_params: {
        name: APPROVED_TEMPLATE.name,
        language: APPROVED_TEMPLATE.language,
        category: 'UTILITY',
        processed_params: { body: { '1': 'Ana' } },
      },
    },
  });
  await client.createConversation({
    inbox_id: ctx.apiInbox.id,
    contact_id: contact.id,
    message: {
      content: 'Elige',
      content_type: 'input_select',
      content_attributes: { items: [{ title: 'Confirmar', value: 'c' }] },
    },
  });
  await client.listContactConversations(contact.id);
  await client.getConversation(conversation.id);
  await client.listConversations({ status: 'all', inbox_id: ctx.whatsappInbox.id, page: 1 });
  const message = await client.createMessage(conversation.id, {
    content: 'Nota',
    content_type: 'text',
    private: true,
  });
  await client.createMessage(conversation.id, { content: 'Plantilla', template_params: { name: APPROVED_TEMPLATE.name } });
  await client.listMessages(conversation.id);
  await client.listMessages(conversation.id, { after: message.id, before: message.id + 1 });
  await client.toggleStatus(conversation.id, { status: 'snoozed', snoozed_until: 1_900_000_000 });
  await client.createWebhook({ url: 'https://notify.example.com/hooks', name: 'n', subscriptions: ['message_created'] });
  await client.listWebhooks();

  expect(ctx.sandbox.contractViolations).toEqual([]);
  expect(calls.every((c) => c.status === 200)).toBe(true);
  const operations = new Set(calls.map((c) => `${c.method} ${c.path}`));
  expect(operations.size).toBe(Object.keys(client).length);
});

it('the check is live: an off-spec request in the same sandbox is recorded', async () => {
  await fetch(`${ctx.sandbox.url}/api/v1/accounts/${ctx.seeded.accountId}/conversations`, {
    method: 'POST',
    headers: { api_access_token: ctx.seeded.userToken, 'content-type': 'application/json' },
    body: JSON.stringify({ inbox: 1 }),
  });
  expect(ctx.sandbox.contractViolations.map((v) => v.problems)).toEqual([
    ['property inbox is not in the spec'],
  ]);
});
