/**
 * Who may call what, in Chatwoot's order (NOTES §A): the token must exist (401), an agent-bot token
 * only reaches its allow-list (401), the account must exist (404), be active (401) and have the
 * token's user or bot as a member (401).
 */
import { unauthorized } from './sandbox.errors.ts';
import type { AccountRecord, Principal, SandboxStore } from './sandbox.store.ts';

export function authenticate(store: SandboxStore, token: unknown): Principal {
  const principal = typeof token === 'string' ? store.findPrincipal(token) : undefined;
  if (!principal) throw unauthorized('Invalid Access Token');
  return principal;
}

/** For endpoints outside the bot allow-list: contacts, profile, inboxes, lists, webhooks. */
export function rejectBots(principal: Principal): asserts principal is Extract<Principal, { kind: 'user' }> {
  if (principal.kind === 'bot') throw unauthorized('Access to this endpoint is not authorized for bots');
}

export function authorizeAccount(store: SandboxStore, principal: Principal, accountId: number): AccountRecord {
  const account = store.findAccount(accountId);
  if (account.status !== 'active') throw unauthorized('Account is suspended');
  const member = principal.kind === 'user' ? principal.user.accountIds.has(account.id) : principal.bot.account_id === account.id;
  if (!member) throw unauthorized('You are not authorized to access this account');
  return account;
}
