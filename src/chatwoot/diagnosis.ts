/**
 * A step-by-step check of a Chatwoot configuration, each step with its result and, when it
 * fails, how to fix it. Later steps are skipped once an earlier one makes them meaningless.
 */
import type { ChannelCheck } from '../channels/channel.ts';
import type { ChatwootClient } from './chatwoot.client.ts';
import { ChatwootError } from './chatwoot.errors.ts';
import type { ChatwootSettings } from './chatwoot-config.service.ts';

export interface ChatwootDiagnosis {
  ok: boolean;
  checks: ChannelCheck[];
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function diagnoseChatwoot(api: ChatwootClient, settings: ChatwootSettings): Promise<ChatwootDiagnosis> {
  const checks: ChannelCheck[] = [];
  const done = () => ({ ok: checks.every((c) => c.ok), checks });

  let profile;
  try {
    profile = await api.getProfile();
    checks.push({ name: 'reachable', ok: true, detail: `${settings.baseUrl} answered` });
    checks.push({ name: 'token', ok: true, detail: `Token of user "${profile.name}"` });
  } catch (err) {
    const answered = err instanceof ChatwootError && err.status !== undefined;
    checks.push({
      name: 'reachable',
      ok: answered,
      detail: answered ? `${settings.baseUrl} answered` : reason(err),
      hint: answered ? undefined : 'Check baseUrl (e.g. https://app.chatwoot.com) and that this server can reach it.',
    });
    if (answered) {
      checks.push({
        name: 'token',
        ok: false,
        detail: reason(err),
        hint: (err as ChatwootError).hint ?? 'Use a user access token from Chatwoot → Profile settings.',
      });
    }
    return done();
  }

  const account = profile.accounts.find((a) => a.id === settings.accountId);
  checks.push(
    !account
      ? {
          name: 'account',
          ok: false,
          detail: `Account ${settings.accountId} is not among the token user's accounts (${profile.accounts.map((a) => a.id).join(', ') || 'none'})`,
          hint: 'Check accountId (the number after /app/accounts/ in Chatwoot URLs) or use a token of a member of that account.',
        }
      : account.status !== 'active'
        ? { name: 'account', ok: false, detail: `Account "${account.name}" is ${account.status}`, hint: 'Ask the Chatwoot administrator to reactivate it.' }
        : { name: 'account', ok: true, detail: `Account "${account.name}" is active` },
  );
  if (!checks.at(-1)!.ok) return done();

  try {
    const inbox = await api.getInbox(settings.inboxId);
    const whatsapp = inbox.channel_type === 'Channel::Whatsapp';
    const approved = (inbox.message_templates ?? []).filter((t) => String(t.status).toUpperCase() === 'APPROVED').length;
    const configured = Object.keys(settings.whatsappTemplates).length;
    checks.push({
      name: 'inbox',
      ok: true,
      detail: `Inbox "${inbox.name}" (${inbox.channel_type})${whatsapp ? `: ${approved} approved WhatsApp templates, ${configured} mapped to notification types` : ''}`,
      hint:
        whatsapp && configured === 0
          ? 'WhatsApp only delivers approved templates outside the 24-hour window: map templates to notification types in whatsappTemplates.'
          : undefined,
    });
  } catch (err) {
    checks.push({
      name: 'inbox',
      ok: false,
      detail: err instanceof ChatwootError && err.kind === 'not_found' ? `Inbox ${settings.inboxId} does not exist in account ${settings.accountId}` : reason(err),
      hint: 'Check inboxId (Chatwoot → Settings → Inboxes; the number in the inbox URL).',
    });
  }
  return done();
}
