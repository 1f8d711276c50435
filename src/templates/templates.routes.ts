import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { authErrors, errorBody, idParam, paginated } from '../http/common.schemas.ts';
import {
  defaultTemplateResponse,
  defaultTemplatesQuery,
  templateCreate,
  templateListQuery,
  templatePatch,
  templatePreview,
  templatePreviewResponse,
  templateResponse,
  toTemplateResponse,
} from './templates.schemas.ts';
import { createTemplate, deleteTemplate, getTemplate, listDefaultTemplates, listTemplates, previewTemplate, updateTemplate } from './templates.service.ts';

const tags = ['templates'];
const writeErrors = { ...authErrors, 409: errorBody };

/**
 * Templates reach every client of the business, so changing them is for admins, like the
 * notification settings; anyone with a key (viewers included) may read and preview them.
 */
const admin = { role: 'admin' as const };

export const templatesRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/templates',
    {
      schema: {
        tags,
        summary: "List the tenant's own templates, a page at a time",
        description: 'Messages without a template of their own use the system default (GET /api/templates/defaults).',
        querystring: templateListQuery,
        response: { 200: paginated(templateResponse), ...authErrors },
      },
    },
    async (req) => {
      const page = await listTemplates(ctx, req.auth.tenantId, req.query);
      return { data: page.data.map(toTemplateResponse), pagination: page.pagination };
    },
  );

  app.get(
    '/api/templates/defaults',
    {
      schema: {
        tags,
        summary: 'The system default templates, one per message type and language, to start a template from',
        querystring: defaultTemplatesQuery,
        response: { 200: z.array(defaultTemplateResponse), ...authErrors },
      },
    },
    async (req) => listDefaultTemplates(req.query),
  );

  app.get(
    '/api/templates/:id',
    { schema: { tags, summary: 'Get a template', params: idParam, response: { 200: templateResponse, ...authErrors } } },
    async (req) => toTemplateResponse(await getTemplate(ctx, req.auth.tenantId, req.params.id)),
  );

  app.post(
    '/api/templates',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a template (admin)',
        description:
          'Used instead of the default for its type, channel and language. A body or subject that does not parse, or reads an unknown variable, ' +
          'is a 400 with `details: { field, line, column, reason }` and nothing is saved. A second template with the same name, or for the same ' +
          'type, channel and language, is a 409 naming the existing one.',
        body: templateCreate,
        response: { 201: templateResponse, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(toTemplateResponse(await createTemplate(ctx, req.auth.tenantId, req.body))),
  );

  app.patch(
    '/api/templates/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a template: send only the fields that change (admin)',
        description: 'Checked like on create. `"channel": null` makes it apply to every channel; `"subject": null` goes back to the default subject.',
        params: idParam,
        body: templatePatch,
        response: { 200: templateResponse, ...writeErrors },
      },
    },
    async (req) => toTemplateResponse(await updateTemplate(ctx, req.auth.tenantId, req.params.id, req.body)),
  );

  app.delete(
    '/api/templates/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a template; its messages go back to the system default (admin)',
        params: idParam,
        response: { 204: z.null().describe('Deleted'), ...authErrors },
      },
    },
    async (req, reply) => {
      await deleteTemplate(ctx, req.auth.tenantId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/templates/preview',
    {
      // Rendering changes nothing, so a viewer may preview (POST only because the body can be long).
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'Render a template with sample data or one of your appointments',
        description:
          'Renders `body` (unsaved), else the saved template `templateId`, else what a send would use: your active template for the type, ' +
          'channel and language, else the default. Variables come from `appointmentId`, or from sample data in your timezone. ' +
          'A bad template is a 400 with `details: { field, line, column, reason }`, as when saving.',
        body: templatePreview,
        response: { 200: templatePreviewResponse, ...authErrors },
      },
    },
    async (req) => previewTemplate(ctx, req.auth.tenantId, req.body),
  );
};
