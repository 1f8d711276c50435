import type { AppContext } from '../context.ts';
import { createChatwootClient } from './chatwoot.client.ts';
import { assertOwnBranch, loadChatwootSettings } from './chatwoot-config.service.ts';
import { diagnoseChatwoot, type ChatwootDiagnosis } from './diagnosis.ts';

export interface ChatwootTestResult extends ChatwootDiagnosis {
  configured: boolean;
  enabled: boolean;
  source: 'branch' | 'tenant' | 'environment' | null;
}

/** Runs every check of the tenant's (or branch's) Chatwoot configuration. */
export async function diagnoseTenantChatwoot(ctx: AppContext, tenantId: string, branchId?: string | null): Promise<ChatwootTestResult> {
  await assertOwnBranch(ctx, tenantId, branchId);
  const settings = await loadChatwootSettings(ctx, tenantId, branchId);
  if (!settings) {
    return {
      configured: false,
      enabled: false,
      source: null,
      ok: false,
      checks: [{ name: 'configured', ok: false, detail: 'Chatwoot is not configured', hint: 'PUT /api/settings/chatwoot with baseUrl, accountId, inboxId and apiToken' }],
    };
  }
  const api = createChatwootClient({ baseUrl: settings.baseUrl, accountId: settings.accountId, apiToken: settings.apiToken, timeoutMs: 10_000 });
  const diagnosis = await diagnoseChatwoot(api, settings);
  const enabledCheck = settings.enabled
    ? []
    : [{ name: 'enabled', ok: false, detail: 'Chatwoot is configured but disabled', hint: 'PUT /api/settings/chatwoot with enabled: true' }];
  const checks = [...enabledCheck, ...diagnosis.checks];
  return { configured: true, enabled: settings.enabled, source: settings.source, ok: checks.every((c) => c.ok), checks };
}
