import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { errorBody } from '../http/common.schemas.ts';
import { sweepDueReminders } from './reminders.service.ts';

const sweepResponse = z.object({
  success: z.literal(true),
  processed: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  details: z.array(
    z.object({ appointmentId: z.string(), offsetMinutes: z.number().int(), success: z.boolean(), logId: z.string().optional(), error: z.string().optional() }),
  ),
});

/** Compares digests, so neither the length nor the content of the secret leaks through timing. */
const sameSecret = (given: string, expected: string) =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

export const remindersRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const handler = async (req: { headers: { authorization?: string } }) => {
    const secret = ctx.config.cronSecret;
    // No default secret: without CRON_SECRET the route does not exist for callers.
    if (!secret) throw new AppError('DISABLED', 'The cron route is disabled: set CRON_SECRET to enable it');
    const given = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '';
    if (!sameSecret(given, secret)) throw new AppError('UNAUTHENTICATED', 'Send "Authorization: Bearer <CRON_SECRET>"');
    return sweepDueReminders(ctx);
  };
  const schema = {
    tags: ['reminders'],
    summary: 'Send every due reminder that was not sent yet (the seed’s cron route; the worker normally does this on time)',
    security: [{ bearer: [] }],
    response: { 200: sweepResponse, 401: errorBody, 404: errorBody },
  };
  app.get('/api/cron/send-reminders', { config: { auth: false }, schema }, handler);
  app.post('/api/cron/send-reminders', { config: { auth: false }, schema }, handler);
};
