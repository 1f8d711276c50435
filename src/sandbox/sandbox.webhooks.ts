/** Account webhooks (NOTES §B webhook management): validation and storage only; nothing is delivered. */
import { RecordInvalid, type FieldError } from './sandbox.errors.ts';
import { newToken, findInbox, type AccountRecord, type SandboxStore, type WebhookRecord } from './sandbox.store.ts';

/** Includes the two inbox events the spec's enum leaves out. */
const WEBHOOK_EVENTS = new Set([
  'conversation_status_changed', 'conversation_updated', 'conversation_created', 'contact_created',
  'contact_updated', 'message_created', 'message_updated', 'webwidget_triggered', 'inbox_created',
  'inbox_updated', 'conversation_typing_on', 'conversation_typing_off',
]);

const HTTP_URL = /^https?:\/\/\S+$/;

export function createWebhook(store: SandboxStore, account: AccountRecord, body: Record<string, unknown>): WebhookRecord {
  // The fields may also come wrapped in {"webhook":{...}}.
  const params = (typeof body.webhook === 'object' && body.webhook !== null ? body.webhook : body) as Record<string, unknown>;
  const url = typeof params.url === 'string' ? params.url : '';
  const subscriptions = Array.isArray(params.subscriptions) ? params.subscriptions.map(String) : [];
  const errors: FieldError[] = [];
  if (!HTTP_URL.test(url)) errors.push({ attribute: 'url', message: 'Url is invalid' });
  if ([...account.webhooks.values()].some((w) => w.url === url)) {
    errors.push({ attribute: 'url', message: 'Url has already been taken' });
  }
  if (subscriptions.length === 0 || !subscriptions.every((s) => WEBHOOK_EVENTS.has(s))) {
    errors.push({ attribute: 'subscriptions', message: 'Subscriptions Invalid events' });
  }
  if (errors.length > 0) throw new RecordInvalid(errors);
  const webhook: WebhookRecord = {
    id: store.nextId('webhook'),
    account_id: account.id,
    name: typeof params.name === 'string' ? params.name : null,
    url,
    subscriptions,
    secret: newToken(),
    // Stored but not used to filter deliveries (NOTES §B).
    inbox_id: params.inbox_id == null ? null : findInbox(account, params.inbox_id).id,
  };
  account.webhooks.set(webhook.id, webhook);
  return webhook;
}
