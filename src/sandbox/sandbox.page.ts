/**
 * A plain HTML view of a sandbox snapshot: each account's conversations with the contact and every
 * message's time and delivery status. Served by the sandbox at `GET /`; the app mounts it too.
 */
import type { SandboxSnapshot, SnapshotConversation, SnapshotMessage } from './sandbox.snapshot.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Everything shown comes from API callers, so all of it is escaped. */
const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** `2026-06-20 09:05:00 UTC` */
const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

function renderMessage(message: SnapshotMessage): string {
  const notes = [
    message.private ? 'private note' : '',
    message.template ? `template ${message.template}` : '',
    message.content_type !== 'text' ? message.content_type : '',
  ].filter(Boolean);
  const items = message.items?.length
    ? `<ul class="items">${message.items.map((i) => `<li>${escapeHtml(i.title)} <code>${escapeHtml(i.value)}</code></li>`).join('')}</ul>`
    : '';
  const error = message.external_error ? `<div class="error">${escapeHtml(message.external_error)}</div>` : '';
  return `<li class="message ${message.direction}">
  <div class="meta"><time datetime="${escapeHtml(message.created_at)}">${escapeHtml(formatTime(message.created_at))}</time>
    · ${escapeHtml(message.direction)} · <span class="status ${escapeHtml(message.status)}">${escapeHtml(message.status)}</span>
    ${notes.length ? `· ${escapeHtml(notes.join(', '))}` : ''}</div>
  <div class="content">${escapeHtml(message.content)}</div>${items}${error}
</li>`;
}

function renderConversation(conversation: SnapshotConversation): string {
  const { contact } = conversation;
  return `<section class="conversation">
  <h3>#${conversation.id} · ${escapeHtml(contact.name || '(no name)')} <span class="phone">${escapeHtml(contact.phone_number ?? '')}</span></h3>
  <p class="meta">${escapeHtml(conversation.inbox.name)} · ${escapeHtml(conversation.status)}${conversation.can_reply ? '' : ' · outside the 24 h window (templates only)'}</p>
  <ol class="messages">${conversation.messages.map(renderMessage).join('\n') || '<li class="empty">No messages.</li>'}</ol>
</section>`;
}

export function renderSandboxPage(snapshot: SandboxSnapshot): string {
  const accounts = snapshot.accounts
    .map(
      (account) => `<article class="account">
  <h2>Account ${account.id} · ${escapeHtml(account.name)}${account.status === 'active' ? '' : ` (${escapeHtml(account.status)})`}</h2>
  <p class="meta">${account.contacts.length} contact${account.contacts.length === 1 ? '' : 's'} · inboxes: ${account.inboxes.map((i) => `${escapeHtml(i.name)} (${escapeHtml(i.channel_type)})`).join(', ') || 'none'}</p>
  ${account.conversations.map(renderConversation).join('\n') || '<p class="empty">No conversations.</p>'}
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Chatwoot sandbox</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
  .meta, time { color: #59636e; font-size: 0.85em; }
  .conversation { border: 1px solid #d1d9e0; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
  .messages { list-style: none; padding: 0; }
  .message { border-left: 3px solid #0969da; padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
  .message.incoming { border-color: #1a7f37; }
  .status.failed, .error { color: #cf222e; }
  .content { white-space: pre-wrap; }
  .empty { color: #59636e; font-style: italic; }
</style>
</head>
<body>
<h1>Chatwoot sandbox</h1>
<p class="meta">State at ${escapeHtml(formatTime(snapshot.takenAt))}.</p>
${accounts || '<p class="empty">No accounts seeded.</p>'}
</body>
</html>
`;
}
