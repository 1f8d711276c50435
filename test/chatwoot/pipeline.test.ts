/**
 * Sending through Chatwoot (DESIGN flow 2), end to end: POST /api/notifications on the real app,
 * the real pipeline and Chatwoot client, and the sandbox over HTTP. Each resolution path is
 * checked by the Chatwoot calls it costs and by what the sandbox holds afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createChatwootClient } from '../../src/chatwoot/chatwoot.client.ts';
import { bookingApi } from '../booking/helpers.ts';
import {
  callsDuring,
  chatwootThreadsOf,
  configureChatwoot,
  newPhone,
  readLog,
  sendNotification,
  sendWhileContactIsCreatedElsewhere,
  clinicTestbed,
} from '../helpers/chatwoot-sandbox.ts';

const { t, chatwoot, sandbox, accountId } = await clinicTestbed();

const salon = await t.newTenant({ name: 'Clínica Roma' });
const api = bookingApi(t, salon);
const threadsOf = (phone: string) => chatwootThreadsOf(sandbox, accountId, phone);
const custom = (clientId: string, message: string) => ({ type: 'CUSTOM', channel: 'CHATWOOT', clientId, message });

beforeAll(async () => {
  await configureChatwoot(t, salon.headers, chatwoot.settings());
  // The channel reads the inbox type once per configuration; after this every test counts only resolution calls.
  const warmUp = await sendNotification(t, salon.headers, { type: 'CUSTOM', recipient: newPhone().written, message: 'Bienvenida' });
  expect(warmUp.json(), warmUp.body).toMatchObject({ success: true });
  sandbox.setFaults({});
});

describe('POST /api/notifications through Chatwoot', () => {
  it('answers { success, logId, messageId, status } and logs the attempt with the provider ids', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Ana', lastName: 'López', phone: phone.written });
    const res = await sendNotification(t, salon.headers, custom(client.id, 'Tu pedido está listo'));

    expect(res.statusCode).toBe(200);
    const [conversation] = threadsOf(phone.e164).conversations;
    const [message] = conversation.messages;
    expect(message).toMatchObject({ content: 'Tu pedido está listo', message_type: 1, status: 'sent' });
    expect(res.json()).toEqual({ success: true, logId: expect.any(String), messageId: String(message.id), status: 'SENT' });

    const log = await readLog(t, salon.headers, res.json().logId);
    expect(log).toMatchObject({
      type: 'CUSTOM',
      channel: 'CHATWOOT',
      status: 'SENT',
      recipient: phone.e164,
      recipientName: 'Ana López',
      clientId: client.id,
      message: 'Tu pedido está listo',
      provider: 'chatwoot',
      providerMessageId: String(message.id),
      providerConversationId: String(conversation.id),
      errorCode: null,
      errorMessage: null,
      attempts: 1,
    });
    expect(log.sentAt).not.toBeNull();
  });

  it('a new contact: filter by phone, create the contact, open the conversation with the message (3 calls)', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Beatriz', lastName: 'Ruiz', phone: phone.written });
    const { result, calls, bodies } = await callsDuring(sandbox, () => sendNotification(t, salon.headers, custom(client.id, 'Hola Beatriz')));

    expect(result.json()).toMatchObject({ success: true, status: 'SENT' });
    expect(calls).toEqual(['POST /contacts/filter', 'POST /contacts', 'POST /conversations']);
    expect(bodies[0]).toEqual({ payload: [{ attribute_key: 'phone_number', filter_operator: 'equal_to', values: [phone.e164] }] });
    const { contacts, conversations } = threadsOf(phone.e164);
    expect(contacts).toMatchObject([{ name: 'Beatriz Ruiz', phone_number: phone.e164 }]);
    expect(conversations).toMatchObject([{ contactId: contacts[0].id, inboxId: chatwoot.apiInbox.id, messages: [{ content: 'Hola Beatriz' }] }]);
  });

  it('an existing Chatwoot contact without a link is found by the filter and not created again (2 calls)', async () => {
    const phone = newPhone();
    // Made in Chatwoot by an agent (or an inbound message) before we ever wrote to this client.
    const agent = createChatwootClient({ baseUrl: sandbox.url, accountId, apiToken: chatwoot.account.userToken });
    const { contact } = await agent.createContact({ name: 'Carla (WhatsApp)', phone_number: phone.e164 });
    const client = await api.newClient({ firstName: 'Carla', lastName: 'Méndez', phone: phone.written });

    const { result, calls } = await callsDuring(sandbox, () => sendNotification(t, salon.headers, custom(client.id, 'Hola Carla')));

    expect(result.json()).toMatchObject({ success: true, status: 'SENT' });
    expect(calls).toEqual(['POST /contacts/filter', 'POST /conversations']);
    const { contacts, conversations } = threadsOf(phone.e164);
    expect(contacts.map((c) => c.id)).toEqual([contact.id]);
    expect(conversations).toMatchObject([{ contactId: contact.id, messages: [{ content: 'Hola Carla' }] }]);
  });

  it('steady state: a client with a cached conversation costs exactly one call, into the same conversation', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Diana', phone: phone.written });
    const first = await sendNotification(t, salon.headers, custom(client.id, 'Primero'));

    const { result, calls } = await callsDuring(sandbox, () => sendNotification(t, salon.headers, custom(client.id, 'Segundo')));

    expect(result.json()).toMatchObject({ success: true, status: 'SENT' });
    expect(calls).toEqual(['POST /conversations/:id/messages']);
    const { conversations } = threadsOf(phone.e164);
    expect(conversations).toHaveLength(1);
    expect(conversations[0].messages.map((m) => m.content)).toEqual(['Primero', 'Segundo']);
    const [firstLog, secondLog] = await Promise.all([readLog(t, salon.headers, first.json().logId), readLog(t, salon.headers, result.json().logId)]);
    expect(secondLog.providerConversationId).toBe(firstLog.providerConversationId);
  });

  it('a conversation deleted in Chatwoot is replaced by a new one and the message still arrives', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Elena', phone: phone.written });
    await sendNotification(t, salon.headers, custom(client.id, 'Antes de borrar'));
    const [deleted] = threadsOf(phone.e164).conversations;
    sandbox.deleteConversation(accountId, deleted.id);

    const { result, calls, statuses } = await callsDuring(sandbox, () => sendNotification(t, salon.headers, custom(client.id, 'Después de borrar')));

    expect(result.json()).toMatchObject({ success: true, status: 'SENT' });
    expect(calls).toEqual(['POST /conversations/:id/messages', 'POST /conversations']);
    expect(statuses).toEqual([404, 200]);
    const { contacts, conversations } = threadsOf(phone.e164);
    expect(contacts).toHaveLength(1);
    expect(conversations).toMatchObject([{ contactId: deleted.contactId, messages: [{ content: 'Después de borrar' }] }]);
    expect(conversations[0].id).not.toBe(deleted.id);
    expect((await readLog(t, salon.headers, result.json().logId)).providerConversationId).toBe(String(conversations[0].id));

    // The new conversation is cached: the next message is one call again.
    const next = await callsDuring(sandbox, () => sendNotification(t, salon.headers, custom(client.id, 'Y otro más')));
    expect(next.calls).toEqual(['POST /conversations/:id/messages']);
    expect(threadsOf(phone.e164).conversations[0].messages.map((m) => m.content)).toEqual(['Después de borrar', 'Y otro más']);
  });

  it('two concurrent first messages to the same new phone make one contact, and both arrive', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Fernanda', phone: phone.written });
    // Without serialisation both creates would pass Chatwoot's validation inside this gap and duplicate the contact.
    sandbox.setFaults({ contactInsertDelayMs: 300 });
    try {
      const { result, calls } = await callsDuring(sandbox, () =>
        Promise.all([
          sendNotification(t, salon.headers, custom(client.id, 'Mensaje uno')),
          sendNotification(t, salon.headers, custom(client.id, 'Mensaje dos')),
        ]),
      );
      expect(result.map((r) => r.json())).toMatchObject([
        { success: true, status: 'SENT' },
        { success: true, status: 'SENT' },
      ]);
      expect(calls.filter((c) => c === 'POST /contacts')).toHaveLength(1);
    } finally {
      sandbox.setFaults({});
    }
    const { contacts, messages } = threadsOf(phone.e164);
    expect(contacts).toHaveLength(1);
    expect(messages.map((m) => m.content).sort()).toEqual(['Mensaje dos', 'Mensaje uno']);
  });

  it('a contact created elsewhere between our filter and our create (422 "taken") is looked up again and used', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Gabriela', phone: phone.written });
    const { result, calls, statuses, otherContactId } = await sendWhileContactIsCreatedElsewhere(
      sandbox,
      { accountId, userToken: chatwoot.account.userToken, phoneE164: phone.e164 },
      () => sendNotification(t, salon.headers, custom(client.id, 'Hola Gabriela')),
    );
    expect(result.json()).toMatchObject({ success: true, status: 'SENT' });
    expect(calls.map((c, i) => `${c} ${statuses[i]}`)).toEqual([
      'POST /contacts/filter 200',
      'POST /contacts 200', // the other creator's
      'POST /contacts 422', // ours: "Phone number has already been taken"
      'POST /contacts/filter 200',
      'POST /conversations 200',
    ]);
    const { contacts, conversations } = threadsOf(phone.e164);
    expect(contacts.map((c) => c.id)).toEqual([otherContactId]);
    expect(conversations).toMatchObject([{ contactId: otherContactId, messages: [{ content: 'Hola Gabriela' }] }]);
  });

  it('a phone that is not a client is resolved on every send (nothing to cache), reusing its contact', async () => {
    const phone = newPhone();
    const first = await callsDuring(sandbox, () => sendNotification(t, salon.headers, { type: 'CUSTOM', recipient: phone.written, message: 'Uno' }));
    const second = await callsDuring(sandbox, () => sendNotification(t, salon.headers, { type: 'CUSTOM', recipient: phone.written, message: 'Dos' }));

    expect(first.calls).toEqual(['POST /contacts/filter', 'POST /contacts', 'POST /conversations']);
    expect(second.calls).toEqual(['POST /contacts/filter', 'POST /conversations']);
    const { contacts, messages } = threadsOf(phone.e164);
    expect(contacts).toHaveLength(1);
    expect(messages.map((m) => m.content)).toEqual(['Uno', 'Dos']);
    expect((await readLog(t, salon.headers, second.result.json().logId)).clientId).toBeNull();
  });

  it('the inbox type is read once per configuration, not on every message', async () => {
    // Saving the configuration again makes it a new version: its inbox is read on the next send only.
    await configureChatwoot(t, salon.headers, chatwoot.settings({ apiToken: undefined, rateLimitPerMinute: 120 }));
    const first = await callsDuring(sandbox, () => sendNotification(t, salon.headers, { type: 'CUSTOM', recipient: newPhone().written, message: 'a' }));
    const second = await callsDuring(sandbox, () => sendNotification(t, salon.headers, { type: 'CUSTOM', recipient: newPhone().written, message: 'b' }));

    expect(first.calls).toEqual(['GET /inboxes/:id', 'POST /contacts/filter', 'POST /contacts', 'POST /conversations']);
    expect(second.calls).toEqual(['POST /contacts/filter', 'POST /contacts', 'POST /conversations']);
  });
});

describe('Idempotency-Key', () => {
  it('the same key twice sends one message and answers the same result', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Hilda', phone: phone.written });
    const first = await sendNotification(t, salon.headers, custom(client.id, 'Solo una vez'), 'orden-1001-listo');
    const again = await callsDuring(sandbox, () => sendNotification(t, salon.headers, custom(client.id, 'Solo una vez'), 'orden-1001-listo'));

    expect(first.statusCode).toBe(200);
    expect(again.result.statusCode).toBe(200);
    expect(again.result.json()).toEqual(first.json());
    expect(again.calls).toEqual([]);
    expect(threadsOf(phone.e164).messages.map((m) => m.content)).toEqual(['Solo una vez']);
    const logs = await t.app.inject({ method: 'GET', url: `/api/notifications/logs?clientId=${client.id}`, headers: salon.headers });
    expect(logs.json().pagination.total).toBe(1);
  });

  it('two requests with one key at the same moment deliver once and name the same log row', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Irene', phone: phone.written });
    const [a, b] = await Promise.all([
      sendNotification(t, salon.headers, custom(client.id, 'Al mismo tiempo'), 'same-moment-key-01'),
      sendNotification(t, salon.headers, custom(client.id, 'Al mismo tiempo'), 'same-moment-key-01'),
    ]);

    expect(a.json().logId).toBe(b.json().logId);
    expect(threadsOf(phone.e164).messages.map((m) => m.content)).toEqual(['Al mismo tiempo']);
    expect((await readLog(t, salon.headers, a.json().logId)).status).toBe('SENT');
  });

  it('the key belongs to the tenant: another tenant using the same key sends its own message', async () => {
    const other = await t.newTenant({ name: 'Otra clínica' });
    await configureChatwoot(t, other.headers, chatwoot.settings());
    const phone = newPhone();
    const mine = await sendNotification(t, salon.headers, { type: 'CUSTOM', recipient: phone.written, message: 'De la clínica Roma' }, 'shared-key-0001');
    const theirs = await sendNotification(t, other.headers, { type: 'CUSTOM', recipient: phone.written, message: 'De la otra clínica' }, 'shared-key-0001');

    expect(theirs.json().logId).not.toBe(mine.json().logId);
    expect(threadsOf(phone.e164).messages.map((m) => m.content)).toEqual(['De la clínica Roma', 'De la otra clínica']);
  });
});

it('no request left the Chatwoot contract', () => {
  expect(sandbox.contractViolations).toEqual([]);
});
