import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { authErrors, idParam, paginated } from '../http/common.schemas.ts';
import { deleteChannelConfig, listChannelConfigs, saveChannelConfig } from './channel-configs.service.ts';
import { testAllChannels } from './channel-tests.service.ts';
import { notificationChannels } from './notification.enums.ts';
import { sendBody, sendHeaders, sendResult } from './send.schemas.ts';
import { sendNotificationNow } from './send.service.ts';
import { createLogRepository } from './log.repository.ts';
import { logQuery, logResponse } from './log.schemas.ts';
import type { NotificationLogRow } from './notifications.tables.ts';
import { notificationSettingsPatch, notificationSettingsResponse } from './settings.schemas.ts';
import { getNotificationSettings, updateNotificationSettings } from './settings.service.ts';

const toLog = ({ tenantId: _t, ...row }: NotificationLogRow) => ({ ...row, metadata: row.metadata as Record<string, unknown> });

export const notificationsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/notifications/logs',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The notification log: every message attempted, with its outcome',
        querystring: logQuery,
        response: { 200: paginated(logResponse), ...authErrors },
      },
    },
    async (req) => {
      const { rows, total } = await createLogRepository(ctx.db, req.auth.tenantId).list(req.query);
      return { data: rows.map(toLog), pagination: { total, limit: req.query.limit, offset: req.query.offset } };
    },
  );

  app.get(
    '/api/notifications/logs/:id',
    { schema: { tags: ['notifications'], summary: 'One log entry', params: idParam, response: { 200: logResponse, ...authErrors } } },
    async (req) => {
      const row = await createLogRepository(ctx.db, req.auth.tenantId).find(req.params.id);
      if (!row) throw notFound('Notification log entry');
      return toLog(row);
    },
  );

  app.get(
    '/api/settings/notifications',
    { schema: { tags: ['settings'], summary: 'Notification settings', response: { 200: notificationSettingsResponse, ...authErrors } } },
    async (req) => getNotificationSettings(ctx.db, req.auth.tenantId),
  );

  app.put(
    '/api/settings/notifications',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Change notification settings (fields left out keep their value)',
        body: notificationSettingsPatch,
        response: { 200: notificationSettingsResponse, ...authErrors },
      },
    },
    async (req) => updateNotificationSettings(ctx, req.auth.tenantId, req.body),
  );

  app.post(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send a notification now; answers with the outcome (202 when it will be retried)',
        headers: sendHeaders,
        body: sendBody,
        response: { 200: sendResult, 202: sendResult, ...authErrors },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const result = await sendNotificationNow(ctx, req.auth.tenantId, {
        ...req.body,
        idempotencyKey: key ? `api:${key}` : `api:${randomUUID()}`,
      });
      return reply.status(result.status === 'QUEUED' ? 202 : 200).send(result);
    },
  );

  const check = z.object({ name: z.string(), ok: z.boolean(), detail: z.string(), hint: z.string().optional() });
  const detail = z.object({ configured: z.boolean(), ok: z.boolean(), checks: z.array(check) });
  app.post(
    '/api/notifications/test-channels',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['notifications'],
        summary: 'Test every channel: { email, sms, whatsapp, chatwoot } with the checks behind each',
        response: {
          200: z.object({
            email: z.boolean(),
            sms: z.boolean(),
            whatsapp: z.boolean(),
            chatwoot: z.boolean(),
            details: z.object({ email: detail, sms: detail, whatsapp: detail, chatwoot: detail }),
          }),
          ...authErrors,
        },
      },
    },
    async (req) => testAllChannels(ctx, req.auth.tenantId),
  );

  const channelView = z.object({
    channel: z.enum(notificationChannels),
    provider: z.string(),
    enabled: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    secrets: z.record(z.string(), z.string().nullable()).describe('Masked'),
    updatedAt: z.date(),
  });
  const directChannel = z.object({ channel: z.enum(['EMAIL', 'SMS', 'WHATSAPP']) });

  app.get(
    '/api/settings/channels',
    { config: { role: 'admin' }, schema: { tags: ['settings'], summary: 'Direct providers (SMTP, Twilio, WhatsApp)', response: { 200: z.array(channelView), ...authErrors } } },
    async (req) => listChannelConfigs(ctx, req.auth.tenantId),
  );

  app.put(
    '/api/settings/channels/:channel',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Configure the provider of a channel (smtp → EMAIL, twilio → SMS, whatsapp_cloud | evolution → WHATSAPP)',
        params: directChannel,
        body: z.object({
          provider: z.enum(['smtp', 'twilio', 'whatsapp_cloud', 'evolution']),
          enabled: z.boolean().default(true),
          settings: z.record(z.string(), z.unknown()),
          secrets: z.record(z.string(), z.string()).optional().describe('Write-only; fields left out keep their stored value'),
        }),
        response: { 200: channelView, ...authErrors },
      },
    },
    async (req) => saveChannelConfig(ctx, req.auth.tenantId, req.params.channel, req.body),
  );

  app.delete(
    '/api/settings/channels/:channel',
    {
      config: { role: 'admin' },
      schema: { tags: ['settings'], summary: 'Remove the provider of a channel', params: directChannel, response: { 204: z.null(), ...authErrors } },
    },
    async (req, reply) => {
      await deleteChannelConfig(ctx, req.auth.tenantId, req.params.channel);
      return reply.status(204).send(null);
    },
  );
};
