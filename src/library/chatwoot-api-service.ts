import { createChatwootClient } from '../chatwoot/chatwoot.client.ts';
import type { ChatwootContact } from '../chatwoot/chatwoot.types.ts';
import { loadChatwootSettings, type ChatwootSettings } from '../chatwoot/chatwoot-config.service.ts';
import { findOrCreateContact } from '../chatwoot/contact-resolver.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { NotificationChannel, NotificationType } from '../notifications/notification.enums.ts';
import { normalizePhone } from '../phone/index.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import { sendForTenant, tenantIdOf, type FacadeResult } from './facade-support.ts';

export interface SeedContactInput {
  name: string;
  phone_number: string;
  email?: string;
  identifier?: string;
  custom_attributes?: Record<string, string>;
}

/**
 * The seed's `chatwootApiService`. As in the seed, `loadConfigForTenant` selects the tenant that
 * `findOrCreateContact` works on; each instance holds its own selection, so create one per
 * concurrent use (createCitaPlanner().chatwootApiService is one instance).
 */
export function createChatwootApiService(ctx: AppContext) {
  let loaded: { settings: ChatwootSettings; country: string } | null = null;
  return {
    /** Selects the tenant (id or slug); false when it has no enabled Chatwoot configuration. */
    async loadConfigForTenant(tenantId: string): Promise<boolean> {
      loaded = null;
      try {
        const id = await tenantIdOf(ctx, tenantId);
        const settings = await loadChatwootSettings(ctx, id);
        if (!settings?.enabled) return false;
        loaded = { settings, country: (await getTenant(ctx, id)).defaultCountry };
        return true;
      } catch {
        return false;
      }
    },

    /** The contact with exactly this phone, created in the configured inbox if absent; null on failure. */
    async findOrCreateContact(contact: SeedContactInput): Promise<ChatwootContact | null> {
      if (!loaded) throw new AppError('CONFIGURATION_MISSING', 'Call loadConfigForTenant(tenantId) first');
      const { settings, country } = loaded;
      const api = createChatwootClient({ baseUrl: settings.baseUrl, accountId: settings.accountId, apiToken: settings.apiToken });
      try {
        return await findOrCreateContact(ctx.pool, api, settings, {
          name: contact.name,
          phoneE164: normalizePhone(contact.phone_number, country as never).e164,
          email: contact.email,
          customAttributes: { ...(contact.identifier ? { identifier: contact.identifier } : {}), ...contact.custom_attributes },
        });
      } catch (err) {
        ctx.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'findOrCreateContact failed');
        return null;
      }
    },

    sendMessageToContact: (args: { to: string; message: string; tenantId: string }): Promise<FacadeResult> =>
      sendForTenant(ctx, args.tenantId, { type: NotificationType.CUSTOM, channel: NotificationChannel.CHATWOOT, recipient: args.to, message: args.message }),
  };
}

export type ChatwootApiService = ReturnType<typeof createChatwootApiService>;
