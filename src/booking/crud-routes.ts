/**
 * The five routes every booking resource (and branches) has — list, get, create, change, delete —
 * declared once, so each resource only states its schemas, service functions and mapper.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import { authErrors, errorBody, idParam, paginated } from '../http/common.schemas.ts';
import { mapPage, type Page } from './tenant-repository.ts';

/** The Fastify instance a FastifyPluginAsyncZod receives. */
export type ZodApp = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/** Errors a write can add to the authenticated ones: a duplicate, or a record still in use. */
export const writeErrors = { ...authErrors, 409: errorBody };

export interface CrudResource<Row, Query, Create, Patch, Response extends z.ZodType> {
  /** Collection route, e.g. /api/clients. */
  path: string;
  /** OpenAPI tag grouping the routes in /docs. */
  tag: string;
  /** Singular noun for the summaries, e.g. "client". */
  noun: string;
  schemas: { query: z.ZodType<Query>; create: z.ZodType<Create>; patch: z.ZodType<Patch>; response: Response };
  toResponse(row: Row): z.input<Response>;
  service: {
    list(ctx: AppContext, tenantId: string, query: Query): Promise<Page<Row>>;
    get(ctx: AppContext, tenantId: string, id: string): Promise<Row>;
    create(ctx: AppContext, tenantId: string, input: Create): Promise<Row>;
    update(ctx: AppContext, tenantId: string, id: string, patch: Patch): Promise<Row>;
    delete(ctx: AppContext, tenantId: string, id: string): Promise<Row>;
  };
  /** What PATCH and DELETE do differ per resource (history is kept), so /docs says it. */
  descriptions: { update?: string; delete: string };
}

export function registerCrudRoutes<Row, Query, Create, Patch, Response extends z.ZodType>(
  app: ZodApp,
  ctx: AppContext,
  r: CrudResource<Row, Query, Create, Patch, Response>,
): void {
  // The zod type provider cannot resolve types through these generics; the CrudResource interface
  // ties each schema's output to its service function instead, and zod still validates at run time.
  const routes = app as unknown as FastifyInstance;
  const tags = [r.tag];
  const one = `${r.path}/:id`;
  type ById = { Params: z.infer<typeof idParam> };

  routes.get(
    r.path,
    { schema: { tags, summary: `List ${r.tag}, a page at a time`, querystring: r.schemas.query, response: { 200: paginated(r.schemas.response), ...authErrors } } },
    async (req) => mapPage(await r.service.list(ctx, req.auth.tenantId, req.query as Query), r.toResponse),
  );

  routes.get<ById>(
    one,
    { schema: { tags, summary: `Get a ${r.noun}`, params: idParam, response: { 200: r.schemas.response, ...authErrors } } },
    async (req) => r.toResponse(await r.service.get(ctx, req.auth.tenantId, req.params.id)),
  );

  routes.post(
    r.path,
    { schema: { tags, summary: `Create a ${r.noun}`, body: r.schemas.create, response: { 201: r.schemas.response, ...writeErrors } } },
    async (req, reply) => reply.status(201).send(r.toResponse(await r.service.create(ctx, req.auth.tenantId, req.body as Create))),
  );

  routes.patch<ById>(
    one,
    {
      schema: {
        tags,
        summary: `Change a ${r.noun}: send only the fields that change`,
        description: r.descriptions.update,
        params: idParam,
        body: r.schemas.patch,
        response: { 200: r.schemas.response, ...writeErrors },
      },
    },
    async (req) => r.toResponse(await r.service.update(ctx, req.auth.tenantId, req.params.id, req.body as Patch)),
  );

  routes.delete<ById>(
    one,
    {
      schema: {
        tags,
        summary: `Delete a ${r.noun}`,
        description: r.descriptions.delete,
        params: idParam,
        response: { 200: r.schemas.response.describe(`The deleted ${r.noun}`), ...writeErrors },
      },
    },
    async (req) => r.toResponse(await r.service.delete(ctx, req.auth.tenantId, req.params.id)),
  );
}
