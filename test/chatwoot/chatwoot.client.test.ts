import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_TYPE } from '../../src/chatwoot/chatwoot.types.ts';
import { chatwootErrorOf, startClinicSandbox } from '../sandbox/sandbox.fixture.ts';

let ctx: Awaited<ReturnType<typeof startClinicSandbox>>;
let phoneCounter = 0;
/** A fresh Mexican mobile number per call, so tests do not collide on phone uniqueness. */
const newPhone = () => `+52155${String(10_000_000 + ++phoneCounter).slice(-8)}`;

beforeAll(async () => {
  ctx = await startClinicSandbox();
});
afterAll(() => ctx.sandbox.close());

describe('connection checks', () => {
  it('getProfile lists the configured account as active and drops the echoed access token', async () => {
    const profile = await ctx.client.getProfile();
    expect(profile.accounts).toContainEqual(expect.objectContaining({ id: ctx.seeded.accountId, status: 'active' }));
    expect(profile).not.toHaveProperty('access_token');
    expect(JSON.stringify(profile)).not.toContain(ctx.seeded.userToken);
  });

  it('listInboxes unwraps the payload and shows WhatsApp templates', async () => {
    const inboxes = await ctx.client.listInboxes();
    expect(inboxes.map((i) => [i.name, i.channel_type])).toEqual([
      ['Clinic API', 'Channel::Api'],
      ['Clinic WhatsApp', 'Channel::Whatsapp'],
      ['Single-thread WhatsApp', 'Channel::Whatsapp'],
    ]);
    const whatsapp = inboxes.find((i) => i.id === ctx.whatsappInbox.id);
    expect(whatsapp?.message_templates?.map((t) => t.name)).toEqual(['appointment_reminder', 'promo_blast']);
  });

  it('getInbox returns one inbox', async () => {
    const inbox = await ctx.client.getInbox(ctx.singleConversationInbox.id);
    expect(inbox).toMatchObject({ id: ctx.singleConversationInbox.id, lock_to_single_conversation: true });
  });
});

describe('contacts', () => {
  it('createContact with an inbox returns the wrapped contact and its WhatsApp source id', async () => {
    const phone = newPhone();
    const created = await ctx.client.createContact({
      name: 'Ana López',
      phone_number: phone,
      identifier: 'client-101',
      inbox_id: ctx.whatsappInbox.id,
      custom_attributes: { client_id: '101' },
    });
    expect(created.contact).toMatchObject({
      name: 'Ana López',
      phone_number: phone,
      identifier: 'client-101',
      custom_attributes: { client_id: '101' },
    });
    expect(created.contact_inbox.source_id).toBe(phone.slice(1));
    expect(created.contact.contact_inboxes).toEqual([
      expect.objectContaining({ source_id: phone.slice(1), inbox: expect.objectContaining({ id: ctx.whatsappInbox.id }) }),
    ]);
  });

  it('createContact without an inbox returns an empty contact_inbox', async () => {
    const created = await ctx.client.createContact({ name: 'Sin Bandeja', phone_number: newPhone() });
    expect(created.contact_inbox).toEqual({ inbox: null, source_id: null });
    expect(created.contact.contact_inboxes).toEqual([]);
  });

  it('filterContactsByPhone matches exactly while searchContacts matches substrings', async () => {
    const short = newPhone();
    const long = `${short}9`;
    await ctx.client.createContact({ name: 'Corto', phone_number: short });
    await ctx.client.createContact({ name: 'Largo', phone_number: long });

    expect((await ctx.client.filterContactsByPhone(short)).map((c) => c.name)).toEqual(['Corto']);
    const found = await ctx.client.searchContacts(short);
    expect(found.contacts.map((c) => c.name).sort()).toEqual(['Corto', 'Largo']);
    expect(found.hasMore).toBe(false);
  });

  it('searchContacts sends "+" as %2B so the server sees the plus sign', async () => {
    const phone = newPhone();
    await ctx.client.createContact({ name: 'Plus', phone_number: phone });
    ctx.sandbox.resetCalls();
    const { contacts } = await ctx.client.searchContacts(phone);
    expect(contacts.map((c) => c.phone_number)).toEqual([phone]);
    expect(ctx.sandbox.calls.at(-1)?.query.q).toBe(phone);
  });

  it('searchContacts pages 15 at a time', async () => {
    for (let i = 0; i < 16; i += 1) await ctx.client.createContact({ name: `Paginado ${i}`, phone_number: newPhone() });
    const first = await ctx.client.searchContacts('Paginado');
    const second = await ctx.client.searchContacts('Paginado', 2);
    expect([first.contacts.length, first.hasMore]).toEqual([15, true]);
    expect([second.contacts.length, second.hasMore]).toEqual([1, false]);
  });

  it('getContact and updateContact round-trip; custom attributes are merged', async () => {
    const { contact } = await ctx.client.createContact({
      name: 'Luis',
      phone_number: newPhone(),
      custom_attributes: { client_id: '7' },
    });
    const updated = await ctx.client.updateContact(contact.id, {
      name: 'Luis Pérez',
      email: 'LUIS@example.com',
      custom_attributes: { vip: true },
    });
    expect(updated).toMatchObject({ name: 'Luis Pérez', email: 'luis@example.com', custom_attributes: { client_id: '7', vip: true } });
    expect(await ctx.client.getContact(contact.id)).toMatchObject({ name: 'Luis Pérez', custom_attributes: { vip: true } });
  });

  it('createContactInbox is idempotent for a WhatsApp inbox', async () => {
    const phone = newPhone();
    const { contact } = await ctx.client.createContact({ name: 'Idem', phone_number: phone });
    const first = await ctx.client.createContactInbox(contact.id, { inbox_id: ctx.whatsappInbox.id });
    const second = await ctx.client.createContactInbox(contact.id, { inbox_id: ctx.whatsappInbox.id });
    expect(first).toEqual(second);
    expect(first.source_id).toBe(phone.slice(1));
    expect((await ctx.client.getContact(contact.id)).contact_inboxes).toHaveLength(1);
  });
});

describe('conversations and messages', () => {
  async function newContact() {
    return (await ctx.client.createContact({ name: 'Paciente', phone_number: newPhone() })).contact;
  }

  it('createConversation returns the full conversation with the initial message inside', async () => {
    const contact = await newContact();
    const conversation = await ctx.client.createConversation({
      inbox_id: ctx.apiInbox.id,
      contact_id: contact.id,
      message: {
        content: 'Cita mañana 10:00. Elige:',
        content_type: 'input_select',
        content_attributes: { items: [{ title: 'Confirmar', value: 'appt_1_confirm' }, { title: 'Cancelar', value: 'appt_1_cancel' }] },
      },
    });
    expect(conversation).toMatchObject({
      inbox_id: ctx.apiInbox.id,
      account_id: ctx.seeded.accountId,
      status: 'open',
      can_reply: true,
      meta: { sender: { id: contact.id, phone_number: contact.phone_number } },
    });
    expect(conversation.messages).toEqual([
      expect.objectContaining({ content_type: 'input_select', message_type: MESSAGE_TYPE.outgoing, status: 'sent' }),
    ]);
    expect(await ctx.client.getConversation(conversation.id)).toMatchObject({ id: conversation.id, uuid: conversation.uuid });
  });

  it('listContactConversations lists the contact’s conversations', async () => {
    const contact = await newContact();
    const a = await ctx.client.createConversation({ inbox_id: ctx.apiInbox.id, contact_id: contact.id });
    const b = await ctx.client.createConversation({ inbox_id: ctx.whatsappInbox.id, contact_id: contact.id });
    const listed = await ctx.client.listContactConversations(contact.id);
    expect(listed.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('listConversations unwraps data and filters by status; toggleStatus moves a conversation', async () => {
    const contact = await newContact();
    const conversation = await ctx.client.createConversation({ inbox_id: ctx.apiInbox.id, contact_id: contact.id });
    const toggled = await ctx.client.toggleStatus(conversation.id, { status: 'resolved' });
    expect(toggled).toEqual({ success: true, current_status: 'resolved', conversation_id: conversation.id });

    const open = await ctx.client.listConversations({ inbox_id: ctx.apiInbox.id });
    const resolved = await ctx.client.listConversations({ status: 'resolved', inbox_id: ctx.apiInbox.id });
    expect(open.payload.map((c) => c.id)).not.toContain(conversation.id);
    expect(resolved.payload.map((c) => c.id)).toContain(conversation.id);
    expect(resolved.meta.all_count).toBe(resolved.payload.length);
  });

  it('createMessage returns the message with an integer message_type; listMessages pages by id', async () => {
    const contact = await newContact();
    const conversation = await ctx.client.createConversation({ inbox_id: ctx.apiInbox.id, contact_id: contact.id });
    const sent = [];
    for (const content of ['uno', 'dos', 'tres']) sent.push(await ctx.client.createMessage(conversation.id, { content }));
    const note = await ctx.client.createMessage(conversation.id, { content: 'nota interna', private: true });
    expect(sent[0]).toMatchObject({ content: 'uno', message_type: 1, status: 'sent', conversation_id: conversation.id });
    expect(note.private).toBe(true);

    const all = await ctx.client.listMessages(conversation.id);
    expect(all.map((m) => m.content)).toEqual(['uno', 'dos', 'tres', 'nota interna']);
    const exactlyDos = await ctx.client.listMessages(conversation.id, { after: sent[1].id, before: sent[1].id + 1 });
    expect(exactlyDos.map((m) => m.content)).toEqual(['dos']);
    const afterUno = await ctx.client.listMessages(conversation.id, { after: sent[0].id });
    expect(afterUno.map((m) => m.content)).toEqual(['dos', 'tres', 'nota interna']);
    const beforeTres = await ctx.client.listMessages(conversation.id, { before: sent[2].id });
    expect(beforeTres.map((m) => m.content)).toEqual(['uno', 'dos']);
  });
});

describe('webhooks', () => {
  it('createWebhook returns the webhook with its signing secret; listWebhooks lists it', async () => {
    const webhook = await ctx.client.createWebhook({
      url: 'https://notify.example.com/api/webhooks/chatwoot/abc',
      name: 'citaplanner',
      subscriptions: ['message_created', 'message_updated', 'conversation_status_changed'],
    });
    expect(webhook).toMatchObject({ account_id: ctx.seeded.accountId, name: 'citaplanner' });
    expect(webhook.secret).toMatch(/\S{16,}/);
    expect((await ctx.client.listWebhooks()).map((w) => w.id)).toContain(webhook.id);
  });

  it('a second webhook with the same url is a validation error on url', async () => {
    const url = 'https://notify.example.com/api/webhooks/chatwoot/dup';
    await ctx.client.createWebhook({ url, subscriptions: ['message_created'] });
    const err = await chatwootErrorOf(ctx.client.createWebhook({ url, subscriptions: ['message_created'] }));
    expect(err).toMatchObject({ kind: 'validation', code: 'CHATWOOT_VALIDATION', status: 422, attributes: ['url'] });
  });
});

describe('onCall', () => {
  it('reports every call with its path template, status and duration', async () => {
    const calls: { method: string; path: string; status: number; durationMs: number }[] = [];
    const client = ctx.clientFor({ onCall: (call) => calls.push(call) });
    await client.listInboxes();
    await chatwootErrorOf(client.getContact(999_999));
    expect(calls.map(({ method, path, status }) => [method, path, status])).toEqual([
      ['GET', '/api/v1/accounts/{account_id}/inboxes', 200],
      ['GET', '/api/v1/accounts/{account_id}/contacts/{id}', 404],
    ]);
    expect(calls.every((c) => c.durationMs >= 0)).toBe(true);
  });
});
