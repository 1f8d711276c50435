import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVED_TEMPLATE, REJECTED_TEMPLATE, startClinicSandbox } from './sandbox.fixture.ts';

let ctx: Awaited<ReturnType<typeof startClinicSandbox>>;
let phoneCounter = 0;

beforeAll(async () => {
  ctx = await startClinicSandbox();
});
afterAll(() => ctx.sandbox.close());

async function newConversation(inboxId = ctx.whatsappInbox.id) {
  const phone = `+52155${String(20_000_000 + ++phoneCounter).slice(-8)}`;
  const { contact } = await ctx.client.createContact({ name: 'Paciente WhatsApp', phone_number: phone });
  return ctx.client.createConversation({ inbox_id: inboxId, contact_id: contact.id });
}

/** The message as stored now, after the channel's send job ran. */
function storedMessage(conversationId: number, messageId: number) {
  return ctx.sandbox.listMessages(ctx.seeded.accountId, conversationId).find((m) => m.id === messageId);
}

describe('the WhatsApp 24-hour window', () => {
  it('a new WhatsApp conversation cannot be replied to freely', async () => {
    expect((await newConversation()).can_reply).toBe(false);
  });

  it('a free-text message outside the window is accepted, then fails for want of a template', async () => {
    const conversation = await newConversation();
    const message = await ctx.client.createMessage(conversation.id, { content: 'Recordatorio de su cita' });
    expect(message.status).toBe('sent');
    expect(storedMessage(conversation.id, message.id)).toMatchObject({
      status: 'failed',
      content_attributes: { external_error: 'Template not found or invalid template name' },
    });
  });

  it('an approved template is sent; the language matches case-insensitively', async () => {
    const conversation = await newConversation();
    const message = await ctx.client.createMessage(conversation.id, {
      content: 'Hola Ana, le recordamos su cita mañana a las 10:00',
      template_params: {
        name: APPROVED_TEMPLATE.name,
        language: 'ES_mx',
        category: 'UTILITY',
        processed_params: { body: { '1': 'Ana', '2': 'mañana 10:00' } },
      },
    });
    expect(storedMessage(conversation.id, message.id)).toMatchObject({
      status: 'sent',
      additional_attributes: { template_params: expect.objectContaining({ name: APPROVED_TEMPLATE.name }) },
    });
    expect(storedMessage(conversation.id, message.id)?.content_attributes).not.toHaveProperty('external_error');
  });

  it.each([
    ['a template that is not approved', { name: REJECTED_TEMPLATE.name, language: 'es_MX' }],
    ['an unknown template name', { name: 'no_such_template', language: 'es_MX' }],
    ['an approved template in another language', { name: APPROVED_TEMPLATE.name, language: 'en_US' }],
  ])('%s fails', async (_case, templateParams) => {
    const conversation = await newConversation();
    const message = await ctx.client.createMessage(conversation.id, { content: 'x', template_params: templateParams });
    expect(storedMessage(conversation.id, message.id)?.status).toBe('failed');
  });

  it('an initial message inside conversation create follows the same rule', async () => {
    const { contact } = await ctx.client.createContact({ name: 'Inicial', phone_number: '+5215533334444' });
    const conversation = await ctx.client.createConversation({
      inbox_id: ctx.whatsappInbox.id,
      contact_id: contact.id,
      message: { content: 'Su cita está confirmada' },
    });
    expect(conversation.messages[0].status).toBe('sent');
    expect(storedMessage(conversation.id, conversation.messages[0].id)?.status).toBe('failed');
  });

  it('a customer message opens the window: free text is then sent', async () => {
    const conversation = await newConversation();
    ctx.sandbox.simulateIncomingMessage(ctx.seeded.accountId, conversation.id, 'Hola, ¿a qué hora es mi cita?');
    expect((await ctx.client.getConversation(conversation.id)).can_reply).toBe(true);
    const reply = await ctx.client.createMessage(conversation.id, { content: 'A las 10:00' });
    expect(storedMessage(conversation.id, reply.id)?.status).toBe('sent');
  });

  it('the window closes 24 hours after the customer’s last message', async () => {
    const conversation = await newConversation();
    const dayAndAMinuteAgo = new Date(Date.now() - (24 * 60 + 1) * 60_000);
    ctx.sandbox.simulateIncomingMessage(ctx.seeded.accountId, conversation.id, 'ayer', dayAndAMinuteAgo);
    expect((await ctx.client.getConversation(conversation.id)).can_reply).toBe(false);
  });

  it('private notes are never delivered, so they never fail', async () => {
    const conversation = await newConversation();
    const note = await ctx.client.createMessage(conversation.id, { content: 'llamar mañana', private: true });
    expect(storedMessage(conversation.id, note.id)?.status).toBe('sent');
  });

  it('API inbox conversations can always be replied to', async () => {
    const conversation = await newConversation(ctx.apiInbox.id);
    expect(conversation.can_reply).toBe(true);
    const message = await ctx.client.createMessage(conversation.id, { content: 'hola' });
    expect(storedMessage(conversation.id, message.id)?.status).toBe('sent');
  });
});

describe('lock_to_single_conversation', () => {
  it('returns the contact’s existing conversation, adding the new initial message to it', async () => {
    const { contact } = await ctx.client.createContact({ name: 'Un hilo', phone_number: '+5215566667777' });
    const first = await ctx.client.createConversation({
      inbox_id: ctx.singleConversationInbox.id,
      contact_id: contact.id,
      message: { content: 'primero', template_params: { name: 'x' } },
    });
    const second = await ctx.client.createConversation({
      inbox_id: ctx.singleConversationInbox.id,
      contact_id: contact.id,
      message: { content: 'segundo', template_params: { name: 'x' } },
    });
    expect(second.id).toBe(first.id);
    expect(ctx.sandbox.listMessages(ctx.seeded.accountId, first.id).map((m) => m.content)).toEqual(['primero', 'segundo']);
  });

  it('without the lock every create opens a new conversation', async () => {
    const { contact } = await ctx.client.createContact({ name: 'Varios hilos', phone_number: '+5215588889999' });
    const first = await ctx.client.createConversation({ inbox_id: ctx.whatsappInbox.id, contact_id: contact.id });
    const second = await ctx.client.createConversation({ inbox_id: ctx.whatsappInbox.id, contact_id: contact.id });
    expect(second.id).not.toBe(first.id);
  });
});
