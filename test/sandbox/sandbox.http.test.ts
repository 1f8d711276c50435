/**
 * The sandbox over raw HTTP: the exact bodies, statuses and headers NOTES says the real server
 * sends, plus the sandbox's own controls (faults, contract, recording, page, state).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderSandboxPage, startChatwootSandbox, type SandboxSnapshot } from '../../src/sandbox/index.ts';
import { awaitRoomInMinuteWindow, startClinicSandbox } from './sandbox.fixture.ts';

let ctx: Awaited<ReturnType<typeof startClinicSandbox>>;
let phoneCounter = 0;
const newPhone = () => `+52155${String(30_000_000 + ++phoneCounter).slice(-8)}`;

beforeAll(async () => {
  ctx = await startClinicSandbox({ floodLimitPerMinute: 2 });
});
afterEach(() => ctx.sandbox.setFaults({}));
afterAll(() => ctx.sandbox.close());

async function api(method: string, path: string, body?: unknown, token = ctx.seeded.userToken, baseUrl = ctx.sandbox.url) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { api_access_token: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as any };
}

const accountPath = (suffix: string) => `/api/v1/accounts/${ctx.seeded.accountId}${suffix}`;

describe('response shapes', () => {
  it('contact create is wrapped in payload.contact + payload.contact_inbox; show in payload; filter has meta', async () => {
    const phone = newPhone();
    const created = await api('POST', accountPath('/contacts'), { name: 'Forma', phone_number: phone, inbox_id: ctx.whatsappInbox.id });
    expect(created.status).toBe(200);
    expect(Object.keys(created.json)).toEqual(['payload']);
    expect(Object.keys(created.json.payload)).toEqual(['contact', 'contact_inbox']);
    expect(created.json.payload.contact_inbox).toMatchObject({ source_id: phone.slice(1), inbox: { id: ctx.whatsappInbox.id } });
    expect(created.json.payload.contact).not.toHaveProperty('last_activity_at');

    const shown = await api('GET', accountPath(`/contacts/${created.json.payload.contact.id}`));
    expect(shown.json.payload).toMatchObject({ id: created.json.payload.contact.id, phone_number: phone });
    const bare = await api('GET', accountPath(`/contacts/${created.json.payload.contact.id}?include_contact_inboxes=false`));
    expect(bare.json.payload).not.toHaveProperty('contact_inboxes');

    const filtered = await api('POST', accountPath('/contacts/filter'), {
      payload: [{ attribute_key: 'phone_number', filter_operator: 'equal_to', values: [phone] }],
    });
    expect(filtered.json).toMatchObject({ meta: { count: 1, current_page: 1 }, payload: [{ phone_number: phone }] });
  });

  it('the conversation list is nested in data.meta / data.payload', async () => {
    const list = await api('GET', accountPath('/conversations?status=all'));
    expect(Object.keys(list.json)).toEqual(['data']);
    expect(Object.keys(list.json.data)).toEqual(['meta', 'payload']);
    expect(list.json.data.meta).toEqual(expect.objectContaining({ mine_count: 0, all_count: expect.any(Number) }));
  });

  it('conversation display ids are counted per account', async () => {
    const other = ctx.sandbox.seedAccount({ name: 'Otra', inboxes: [{ name: 'API', channel_type: 'Channel::Api' }] });
    const contact = await api('POST', `/api/v1/accounts/${other.accountId}/contacts`, { name: 'A', phone_number: newPhone() }, other.userToken);
    const conversation = await api(
      'POST',
      `/api/v1/accounts/${other.accountId}/conversations`,
      { inbox_id: other.inboxes[0].id, contact_id: contact.json.payload.contact.id },
      other.userToken,
    );
    expect(conversation.json.id).toBe(1);
    expect(conversation.json.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('error bodies', () => {
  it('401 for a bad token, another account, and a bot on contacts', async () => {
    expect((await api('GET', accountPath('/inboxes'), undefined, 'nope')).json).toEqual({ error: 'Invalid Access Token' });
    const other = ctx.sandbox.seedAccount({});
    expect((await api('GET', accountPath('/inboxes'), undefined, other.userToken)).json).toEqual({
      error: 'You are not authorized to access this account',
    });
    const bot = await api('POST', accountPath('/contacts/filter'), { payload: [] }, ctx.seeded.botToken);
    expect(bot).toMatchObject({ status: 401, json: { error: 'Access to this endpoint is not authorized for bots' } });
  });

  it('404 with the Rails body', async () => {
    expect(await api('GET', accountPath('/conversations/99999'))).toMatchObject({
      status: 404,
      json: { error: 'Resource could not be found' },
    });
  });

  it('422 model validation: message joined with ", " and the failing attributes', async () => {
    const response = await api('POST', accountPath('/contacts'), { name: 'X', phone_number: '5512345678', email: 'bad' });
    expect(response).toMatchObject({
      status: 422,
      json: { message: 'Email Invalid email, Phone number should be in e164 format', attributes: ['email', 'phone_number'] },
    });
  });

  it('the E.164 check is anchored at the end only, like Chatwoot’s', async () => {
    const response = await api('POST', accountPath('/contacts'), { name: 'Prefijo', phone_number: 'tel:+525512345670' });
    expect(response.status).toBe(200);
  });

  it('input_select: {error} from message create, {message, attributes} from conversation create, nothing half-created', async () => {
    const contact = await api('POST', accountPath('/contacts'), { name: 'Sel', phone_number: newPhone() });
    const contactId = contact.json.payload.contact.id;
    const conversation = await api('POST', accountPath('/conversations'), { inbox_id: ctx.apiInbox.id, contact_id: contactId });
    const badItems = { content: 'Elige', content_type: 'input_select', content_attributes: { items: [{ title: 'Sí', id: 'x' }] } };

    const viaMessage = await api('POST', accountPath(`/conversations/${conversation.json.id}/messages`), badItems);
    expect(viaMessage).toMatchObject({
      status: 422,
      json: { error: 'Validation failed: Content attributes contains invalid keys for items : id' },
    });

    const before = ctx.sandbox.listConversations(ctx.seeded.accountId).length;
    const viaConversation = await api('POST', accountPath('/conversations'), {
      inbox_id: ctx.apiInbox.id,
      contact_id: contactId,
      message: { ...badItems, content_attributes: { items: [] } },
    });
    expect(viaConversation).toMatchObject({
      status: 422,
      json: { message: 'Content attributes At least one item is required.', attributes: ['content_attributes'] },
    });
    expect(ctx.sandbox.listConversations(ctx.seeded.accountId)).toHaveLength(before);
  });

  it('the flood guard answers {"error":"Validation failed: Too many messages"}', async () => {
    const contact = await api('POST', accountPath('/contacts'), { name: 'Flood', phone_number: newPhone() });
    const conversation = await api('POST', accountPath('/conversations'), {
      inbox_id: ctx.apiInbox.id,
      contact_id: contact.json.payload.contact.id,
    });
    const path = accountPath(`/conversations/${conversation.json.id}/messages`);
    expect((await api('POST', path, { content: '1' })).status).toBe(200);
    expect((await api('POST', path, { content: '2' })).status).toBe(200);
    expect(await api('POST', path, { content: '3' })).toMatchObject({
      status: 422,
      json: { error: 'Validation failed: Too many messages' },
    });
  });

  it('search without q is a 422 {error}', async () => {
    expect((await api('GET', accountPath('/contacts/search'))).json).toEqual({ error: 'Specify search string with parameter q' });
  });
});

describe('throttling and faults', () => {
  it('429 is plain text "Retry later" with no Retry-After header', async () => {
    ctx.sandbox.setFaults({ force429: 1 });
    const response = await api('GET', accountPath('/inboxes'));
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.text).toBe('Retry later\n');
    expect(response.headers.has('retry-after')).toBe(false);
  });

  it('the rate limit counts per token in a fixed minute window', async () => {
    const sandbox = await startChatwootSandbox({ rateLimitPerMinute: 2 });
    try {
      const a = sandbox.seedAccount({});
      const b = sandbox.seedAccount({});
      await awaitRoomInMinuteWindow();
      const inboxes = (seeded: typeof a) =>
        api('GET', `/api/v1/accounts/${seeded.accountId}/inboxes`, undefined, seeded.userToken, sandbox.url);
      expect([(await inboxes(a)).status, (await inboxes(a)).status, (await inboxes(a)).status]).toEqual([200, 200, 429]);
      expect((await inboxes(b)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('an outage answers 503 to every API request', async () => {
    ctx.sandbox.setFaults({ outage: true });
    expect((await api('GET', '/api/v1/profile')).status).toBe(503);
    expect((await api('GET', accountPath('/inboxes'))).status).toBe(503);
  });

  it('an error rate of 1 answers 500; setFaults({}) clears it', async () => {
    ctx.sandbox.setFaults({ errorRate: 1 });
    expect((await api('GET', accountPath('/inboxes'))).status).toBe(500);
    ctx.sandbox.setFaults({});
    expect((await api('GET', accountPath('/inboxes'))).status).toBe(200);
  });

  it('latency delays the answer', async () => {
    ctx.sandbox.setFaults({ latencyMs: 150 });
    const startedAt = performance.now();
    await api('GET', accountPath('/inboxes'));
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(140);
  });
});

describe('the contact-create race (contactInsertDelayMs)', () => {
  it('two concurrent creates with the same phone both succeed: phone has no unique index', async () => {
    ctx.sandbox.setFaults({ contactInsertDelayMs: 100 });
    const phone = newPhone();
    const [a, b] = await Promise.all([
      api('POST', accountPath('/contacts'), { name: 'Carrera A', phone_number: phone }),
      api('POST', accountPath('/contacts'), { name: 'Carrera B', phone_number: phone }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const filtered = await api('POST', accountPath('/contacts/filter'), {
      payload: [{ attribute_key: 'phone_number', filter_operator: 'equal_to', values: [phone] }],
    });
    expect(filtered.json.meta.count).toBe(2);
  });

  it('two concurrent creates with the same email: the loser gets a 500 from the unique index', async () => {
    ctx.sandbox.setFaults({ contactInsertDelayMs: 100 });
    const [a, b] = await Promise.all([
      api('POST', accountPath('/contacts'), { name: 'Correo A', email: 'carrera@example.com' }),
      api('POST', accountPath('/contacts'), { name: 'Correo B', email: 'carrera@example.com' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 500]);
  });

  it('without the delay, the second create sees the first and gets a 422', async () => {
    const phone = newPhone();
    await api('POST', accountPath('/contacts'), { name: 'Primero', phone_number: phone });
    const second = await api('POST', accountPath('/contacts'), { name: 'Segundo', phone_number: phone });
    expect(second.json).toEqual({ message: 'Phone number has already been taken', attributes: ['phone_number'] });
  });
});

describe('contract enforcement', () => {
  it('a request off the spec is answered 500 and recorded', async () => {
    const response = await api('POST', accountPath('/contacts'), { name: 'X', phone: '+525512345678' });
    expect(response.status).toBe(500);
    expect(response.text).toBe('contract violation: property phone is not in the spec');
    expect(ctx.sandbox.contractViolations.at(-1)).toEqual({
      method: 'POST',
      path: accountPath('/contacts'),
      problems: ['property phone is not in the spec'],
    });
  });

  it('with contract "off" the same request reaches the route', async () => {
    const sandbox = await startChatwootSandbox({ contract: 'off' });
    try {
      const seeded = sandbox.seedAccount({});
      const response = await api(
        'POST',
        `/api/v1/accounts/${seeded.accountId}/contacts`,
        { name: 'X', phone: '+525512345678' },
        seeded.userToken,
        sandbox.url,
      );
      expect(response.status).toBe(200);
      expect(sandbox.contractViolations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('an endpoint of the spec the sandbox does not implement answers 501', async () => {
    const response = await api('GET', accountPath('/agents'));
    expect(response).toMatchObject({ status: 501, text: `sandbox does not implement GET ${accountPath('/agents')}` });
  });
});

describe('call recording', () => {
  it('records method, path, query, body and status of each API request, not the sandbox’s own routes', async () => {
    ctx.sandbox.resetCalls();
    await api('GET', accountPath('/contacts/search?q=%2B52&page=2'));
    await api('POST', accountPath('/contacts/filter'), { payload: [] });
    await fetch(`${ctx.sandbox.url}/__sandbox/state`);
    expect(ctx.sandbox.calls.map(({ method, path, query, body, status }) => ({ method, path, query, body, status }))).toEqual([
      { method: 'GET', path: accountPath('/contacts/search'), query: { q: '+52', page: '2' }, body: null, status: 200 },
      { method: 'POST', path: accountPath('/contacts/filter'), query: {}, body: { payload: [] }, status: 422 },
    ]);
    expect(ctx.sandbox.calls[0].at).toBeInstanceOf(Date);
  });
});

describe('state and page', () => {
  it('GET /__sandbox/state is the snapshot; GET / renders it, escaped', async () => {
    const contact = await api('POST', accountPath('/contacts'), { name: '<b>Eve</b>', phone_number: newPhone() });
    const conversation = await api('POST', accountPath('/conversations'), {
      inbox_id: ctx.whatsappInbox.id,
      contact_id: contact.json.payload.contact.id,
      message: { content: 'Cita <script>alert(1)</script>' },
    });

    const state = (await (await fetch(`${ctx.sandbox.url}/__sandbox/state`)).json()) as SandboxSnapshot;
    const account = state.accounts.find((a) => a.id === ctx.seeded.accountId)!;
    const shown = account.conversations.find((c) => c.id === conversation.json.id)!;
    expect(shown.contact.name).toBe('<b>Eve</b>');
    expect(shown.messages).toEqual([
      expect.objectContaining({
        direction: 'outgoing',
        status: 'failed',
        external_error: 'Template not found or invalid template name',
      }),
    ]);

    const page = await fetch(`${ctx.sandbox.url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(html).toContain('Cita &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('renderSandboxPage lists each conversation’s contact and messages with time and status', () => {
    const snapshot: SandboxSnapshot = {
      takenAt: '2026-06-20T09:10:00.000Z',
      accounts: [
        {
          id: 7,
          name: 'Salón Bella',
          status: 'active',
          inboxes: [{ id: 3, name: 'WhatsApp', channel_type: 'Channel::Whatsapp' }],
          contacts: [{ id: 42, name: 'Jane Doe', phone_number: '+14155550123', email: null, identifier: null }],
          conversations: [
            {
              id: 15,
              status: 'open',
              can_reply: true,
              inbox: { id: 3, name: 'WhatsApp' },
              contact: { id: 42, name: 'Jane Doe', phone_number: '+14155550123' },
              messages: [
                {
                  id: 501,
                  direction: 'outgoing',
                  content: 'Your appointment is tomorrow at 10:00',
                  content_type: 'input_select',
                  status: 'delivered',
                  private: false,
                  created_at: '2026-06-20T09:05:00.321Z',
                  items: [{ title: 'Confirm', value: 'appt_1_confirm' }],
                },
              ],
            },
          ],
        },
      ],
    };
    const html = renderSandboxPage(snapshot);
    for (const expected of [
      'Salón Bella',
      'Jane Doe',
      '+14155550123',
      'Your appointment is tomorrow at 10:00',
      '2026-06-20 09:05:00 UTC',
      'delivered',
      'appt_1_confirm',
    ]) {
      expect(html).toContain(expected);
    }
  });
});
