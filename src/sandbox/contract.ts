/**
 * Checks requests against the official Chatwoot spec, so a client that drifts from the contract
 * fails in tests instead of in production. Checked: the method + path template exist, path ids are
 * integers, query parameters are declared, and the JSON body uses only declared properties, has the
 * required ones and the declared JSON types. Enums and formats are not checked.
 *
 * Where the real server accepts more than the spec says (NOTES.md), `SPEC_CORRECTIONS` records it,
 * each entry with its reason.
 */
import { readFileSync } from 'node:fs';

interface Schema {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: Schema }> };
}

type PathItem = Partial<Record<HttpMethod, Operation>> & { parameters?: Parameter[] };

export interface OpenApiDocument {
  paths: Record<string, PathItem>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * A place where the real server accepts more than the spec. Property paths are dotted from the
 * body root; `[]` stands for "each array item".
 */
export interface SpecCorrection {
  method: HttpMethod;
  path: string;
  /** Required in the spec, optional in reality. */
  notRequired?: string[];
  /** Accepted by the server although the spec does not list them. */
  extraProperties?: string[];
  extraQuery?: string[];
  why: string;
}

export const SPEC_CORRECTIONS: SpecCorrection[] = [
  {
    method: 'post',
    path: '/api/v1/accounts/{account_id}/contacts',
    notRequired: ['inbox_id'],
    extraProperties: ['source_id'],
    why: 'NOTES §B contacts: the controller treats inbox_id as optional and accepts source_id with it.',
  },
  {
    method: 'post',
    path: '/api/v1/accounts/{account_id}/conversations',
    notRequired: ['source_id'],
    extraProperties: [
      'message.content_type',
      'message.content_attributes',
      'message.private',
      'message.message_type',
      'message.campaign_id',
    ],
    why:
      'NOTES §B conversations: inbox_id + contact_id replaces source_id, and `message` takes the ' +
      'same fields as message create.',
  },
  {
    method: 'post',
    path: '/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages',
    notRequired: ['template_params.category', 'template_params.language', 'template_params.processed_params'],
    extraProperties: ['source_id', 'echo_id'],
    why: 'NOTES §B messages: the model requires only template_params.name; source_id/echo_id are permitted.',
  },
  {
    method: 'get',
    path: '/api/v1/accounts/{account_id}/contacts/{id}',
    extraQuery: ['include_contact_inboxes'],
    why: 'NOTES §B contacts: `include_contact_inboxes=false` leaves out contact_inboxes.',
  },
  {
    method: 'get',
    path: '/api/v1/accounts/{account_id}/conversations',
    extraQuery: ['source_id', 'sort_by', 'updated_within'],
    why: 'NOTES §B conversations: list parameters the spec does not declare.',
  },
];

export interface ContractRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, unknown>;
  body: unknown;
}

export interface ContractChecker {
  /** Every way the request departs from the contract; empty when it conforms. */
  check(request: ContractRequest): string[];
}

const SPEC_URL = new URL('../chatwoot/openapi/application_swagger.json', import.meta.url);

let cachedSpec: OpenApiDocument | undefined;

/** The spec the client's types are generated from (read once). */
export function loadChatwootSpec(): OpenApiDocument {
  cachedSpec ??= JSON.parse(readFileSync(SPEC_URL, 'utf8')) as OpenApiDocument;
  return cachedSpec;
}

interface Route {
  template: string;
  /** A literal segment, or null for a `{param}` segment. */
  segments: (string | null)[];
  literalCount: number;
  item: PathItem;
}

const splitPath = (path: string) => path.split('/').filter(Boolean);

export function createContractChecker(
  spec: OpenApiDocument,
  corrections: SpecCorrection[] = SPEC_CORRECTIONS,
): ContractChecker {
  const routes: Route[] = Object.entries(spec.paths).map(([template, item]) => {
    const segments = splitPath(template).map((s) => (s.startsWith('{') ? null : s));
    return { template, segments, item, literalCount: segments.filter((s) => s !== null).length };
  });
  // A literal segment beats a parameter: `/contacts/search` is not `/contacts/{id}`.
  routes.sort((a, b) => b.literalCount - a.literalCount);

  const resolve = <T extends { $ref?: string }>(node: T): T => {
    if (!node.$ref) return node;
    const [, , section, name] = node.$ref.split('/'); // '#/components/<section>/<name>'
    const target = (spec.components as Record<string, Record<string, T>> | undefined)?.[section]?.[name];
    if (!target) throw new Error(`unresolvable $ref ${node.$ref}`);
    return resolve(target);
  };

  const findRoute = (segments: string[]) =>
    routes.find(
      (r) => r.segments.length === segments.length && r.segments.every((s, i) => s === null || s === segments[i]),
    );

  function check(request: ContractRequest): string[] {
    const method = request.method.toLowerCase() as HttpMethod;
    const segments = splitPath(request.path);
    const route = findRoute(segments);
    if (!route) return [`${request.method} ${request.path} matches no path of the spec`];
    const operation = HTTP_METHODS.includes(method) ? route.item[method] : undefined;
    if (!operation) {
      return [`${request.method} is not defined for ${route.template}`];
    }
    const correction = corrections.find((c) => c.method === method && c.path === route.template);
    const parameters = [...(route.item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
    return [
      ...checkPathParameters(route, segments, parameters),
      ...checkQuery(request.query, parameters, correction),
      ...checkBody(request.body, operation, correction),
    ];
  }

  function checkPathParameters(route: Route, segments: string[], parameters: Parameter[]): string[] {
    const names = splitPath(route.template);
    return route.segments.flatMap((literal, i) => {
      if (literal !== null) return [];
      const name = names[i].slice(1, -1);
      const type = parameters.find((p) => p.in === 'path' && p.name === name)?.schema?.type;
      const numeric = type === 'integer' || type === 'number';
      return numeric && !/^\d+$/.test(segments[i]) ? [`path parameter ${name} must be an integer, got "${segments[i]}"`] : [];
    });
  }

  function checkQuery(query: Record<string, unknown>, parameters: Parameter[], correction?: SpecCorrection): string[] {
    const declared = new Set([
      ...parameters.filter((p) => p.in === 'query').map((p) => p.name),
      ...(correction?.extraQuery ?? []),
    ]);
    return Object.keys(query)
      .filter((name) => !declared.has(name))
      .map((name) => `query parameter "${name}" is not declared`);
  }

  function checkBody(body: unknown, operation: Operation, correction?: SpecCorrection): string[] {
    const requestBody = operation.requestBody && resolve(operation.requestBody);
    const hasBody = body !== undefined && body !== null;
    if (!requestBody) return hasBody ? ['the operation takes no request body'] : [];
    if (!hasBody) return requestBody.required ? ['the request body is required'] : [];
    const schema = requestBody.content?.['application/json']?.schema;
    if (!schema) return ['the operation takes no JSON body'];
    const problems: string[] = [];
    checkValue(schema, body, '', problems, correction);
    return problems;
  }

  /** The schema and, recursively, the parts it composes with `allOf`. */
  const allOfParts = (schema: Schema): Schema[] => {
    const resolved = resolve(schema);
    return [resolved, ...(resolved.allOf ?? []).flatMap(allOfParts)];
  };

  /** Declared properties and required names, merged over `allOf`. */
  function objectShape(schema: Schema) {
    const parts = allOfParts(schema);
    return {
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, Schema>,
      required: new Set(parts.flatMap((p) => p.required ?? [])),
      declaresProperties: parts.some((p) => p.properties !== undefined),
      open: parts.some((p) => Boolean(p.additionalProperties)),
    };
  }

  function checkValue(
    rawSchema: Schema,
    value: unknown,
    at: string,
    problems: string[],
    correction?: SpecCorrection,
  ): void {
    const schema = resolve(rawSchema);
    const where = at || 'body';
    if (!matchesType(schema, value)) {
      problems.push(`${where} must be ${[schema.type].flat().join(' or ')}, got ${jsonType(value)}`);
      return;
    }
    if (Array.isArray(value)) {
      if (schema.items) value.forEach((item) => checkValue(schema.items!, item, `${at}[]`, problems, correction));
      return;
    }
    // oneOf/anyOf alternatives are not told apart: the value passes if its type is acceptable.
    if (!isPlainObject(value) || schema.oneOf || schema.anyOf) return;
    const shape = objectShape(schema);
    const pathOf = (key: string) => (at ? `${at}.${key}` : key);
    for (const name of shape.required) {
      if (!(name in value) && !correction?.notRequired?.includes(pathOf(name))) {
        problems.push(`required property ${pathOf(name)} is missing`);
      }
    }
    for (const [key, child] of Object.entries(value)) {
      const declared = shape.properties[key];
      if (declared) checkValue(declared, child, pathOf(key), problems, correction);
      // A schema with properties lists them all: an unknown key is most likely a typo.
      else if (shape.declaresProperties && !shape.open && !correction?.extraProperties?.includes(pathOf(key))) {
        problems.push(`property ${pathOf(key)} is not in the spec`);
      }
    }
  }

  return { check };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(schema: Schema, value: unknown): boolean {
  if (schema.type === undefined) return true;
  const allowed = [schema.type].flat();
  if (value === null) return allowed.includes('null') || schema.nullable === true;
  const actual = jsonType(value);
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
}
