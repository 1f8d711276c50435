import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { createProviderChannel, isProviderName, providerNames, providers } from '../../src/channels/providers.ts';

const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

function thrownBy(action: () => unknown) {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('the provider registry', () => {
  it('offers the providers channel_configs names, each for its channel', () => {
    expect(providerNames).toEqual(['smtp', 'twilio', 'whatsapp_cloud', 'evolution']);
    expect(Object.fromEntries(providerNames.map((name) => [name, providers[name].channel]))).toEqual({
      smtp: 'EMAIL',
      twilio: 'SMS',
      whatsapp_cloud: 'WHATSAPP',
      evolution: 'WHATSAPP',
    });
  });

  it('recognises only its own names', () => {
    expect(isProviderName('twilio')).toBe(true);
    expect(isProviderName('chatwoot')).toBe(false);
    expect(isProviderName('toString')).toBe(false);
  });

  it('builds a channel from stored JSON, filling the documented defaults', () => {
    const channel = createProviderChannel('whatsapp_cloud', { phoneNumberId: '106540352242922' }, { accessToken: 'EAAG…' });
    expect(channel).toMatchObject({ channel: 'WHATSAPP', provider: 'whatsapp_cloud' });
    expect(providers.whatsapp_cloud.settingsSchema.parse({ phoneNumberId: '1' })).toEqual({
      phoneNumberId: '1',
      apiVersion: 'v21.0',
      baseUrl: 'https://graph.facebook.com',
    });
    expect(providers.twilio.settingsSchema.parse({ accountSid: ACCOUNT_SID, from: '+15005550006' }).baseUrl).toBe('https://api.twilio.com');
  });

  it('rejects a Twilio configuration without a sender, naming the field', () => {
    const error = thrownBy(() => createProviderChannel('twilio', { accountSid: ACCOUNT_SID }, { authToken: 'x' }));
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(isAppError(error) && error.details).toMatchObject({
      provider: 'twilio',
      issues: [{ field: 'settings.from', message: 'either `from` or `messagingServiceSid` is required' }],
    });
  });

  it('reports every bad field of settings and secrets at once', () => {
    const error = thrownBy(() => createProviderChannel('smtp', { host: 'smtp.example.com', port: 70000, from: 'nope' }, { pass: 'x' }));
    const fields = isAppError(error) ? (error.details?.issues as Array<{ field: string }>).map((issue) => issue.field) : [];
    expect(fields).toEqual(['settings.port', 'settings.from', 'secrets.user']);
  });

  it('never echoes a submitted secret in the error', () => {
    const secret = 'hunter2-very-secret-value';
    const error = thrownBy(() =>
      createProviderChannel('evolution', { baseUrl: 'not a url', instance: '' }, { apiKey: ['array', secret] }),
    );
    expect(isAppError(error)).toBe(true);
    expect(JSON.stringify({ message: (error as Error).message, details: isAppError(error) && error.details })).not.toContain(secret);
  });
});
