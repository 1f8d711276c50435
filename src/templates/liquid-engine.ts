import { CaptureTag, Liquid, LiquidError, filters, type Context, type FilterImplOptions, type Template } from 'liquidjs';
import { AppError } from '../errors.ts';
import { markOutput, markTagLines, stripMarks } from './line-omission.ts';

/** Longest template body accepted; a chat message or a plain-text email is far shorter. */
export const MAX_TEMPLATE_LENGTH = 20_000;

/** Tags that load other templates from files: tenant-written text must never reach the disk. */
const FILE_TAGS = ['include', 'render', 'layout'];

/**
 * The one Liquid instance. Tenant templates are untrusted text, so: no file access, unknown
 * filters fail at parse time (so a bad template is rejected when saved), and every render is
 * bounded in time and allocations.
 */
const engine = new Liquid({
  // Any lookup that still happens resolves in an empty in-memory set, never the filesystem.
  templates: {},
  strictFilters: true,
  ownPropertyOnly: true,
  // "" and 0 are false, so {% if professional.name %} means "there is a professional".
  jsTruthy: true,
  outputEscape: markOutput,
  // The marked source is at most twice as long as the body: one mark per line.
  parseLimit: 2 * MAX_TEMPLATE_LENGTH,
  renderLimit: 250, // ms
  memoryLimit: 1_000_000,
});

for (const tag of FILE_TAGS) delete engine.tags[tag];

/** {% capture %} stores rendered text: keep the line marks out of the variable. */
engine.registerTag(
  'capture',
  class extends CaptureTag {
    override *render(ctx: Context): Generator<unknown, void, string> {
      yield* super.render(ctx);
      const scope = ctx.bottom() as Record<string, unknown>;
      scope[this.variable] = stripMarks(String(scope[this.variable]));
    }
  },
);

/** The `date` filter defaults to the tenant's timezone (from the context) instead of the server's. */
const builtInDate = filters.date as Extract<FilterImplOptions, (...args: never[]) => unknown>;
engine.registerFilter('date', function (value: unknown, format?: string, timezone?: string) {
  return builtInDate.call(this, value, format, timezone ?? this.context.getSync(['tenant', 'timezone']));
});

const parsedByBody = new Map<string, Template[]>();
const PARSE_CACHE_SIZE = 500;

/**
 * Parses a template body (cached: campaigns render one body thousands of times).
 * @throws AppError VALIDATION_FAILED naming the line and the reason.
 */
export function parseTemplate(body: string): Template[] {
  const cached = parsedByBody.get(body);
  if (cached) return cached;
  if (body.length > MAX_TEMPLATE_LENGTH) {
    throw new AppError('VALIDATION_FAILED', `Template is too long: ${body.length} characters, the limit is ${MAX_TEMPLATE_LENGTH}`, {
      reason: 'too long',
    });
  }
  const source = stripMarks(body).replace(/\r\n?/g, '\n');
  const parsed = asTemplateError(() => engine.parse(markTagLines(source, engine)));
  if (parsedByBody.size >= PARSE_CACHE_SIZE) parsedByBody.delete(parsedByBody.keys().next().value as string);
  parsedByBody.set(body, parsed);
  return parsed;
}

/** Renders parsed templates to marked text (see line-omission.ts). */
export function renderMarked(templates: Template[], context: object): string {
  return asTemplateError(() => engine.renderSync(templates, context) as string);
}

/** The paths of the variables a template reads that it does not assign itself, with positions. */
export function variablesRead(templates: Template[]) {
  return Object.values(engine.analyzeSync(templates).globals).flat();
}

/** Liquid errors become a 400 that names the line and says what is wrong. */
function asTemplateError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!LiquidError.is(error)) throw error;
    const [line, column] = error.token.getPosition();
    const reason = explain(error.originalError?.message ?? error.message.replace(/, line:\d+, col:\d+$/, ''));
    throw templateError(line, column, reason);
  }
}

export function templateError(line: number, column: number, reason: string, extra?: Record<string, unknown>): AppError {
  return new AppError('VALIDATION_FAILED', `Template error on line ${line}: ${reason}`, { line, column, reason, ...extra });
}

/** Liquid's wording, made to say what to do in the cases tenants hit. */
function explain(reason: string): string {
  const unknownTag = /^tag "([^"]+)" not found$/.exec(reason)?.[1];
  if (unknownTag && FILE_TAGS.includes(unknownTag)) {
    return `the "${unknownTag}" tag is not available: notification templates cannot load other files`;
  }
  if (unknownTag) return `unknown tag "${unknownTag}"`;
  const unknownFilter = /^undefined filter: (.+)$/.exec(reason)?.[1];
  if (unknownFilter) return `unknown filter "${unknownFilter}"`;
  const unclosed = /^tag (\{%-?\s*(\w+)[^]*%\}) not closed$/.exec(reason);
  if (unclosed) return `${unclosed[1]} is never closed: add {% end${unclosed[2]} %}`;
  if (/limit exceeded/.test(reason)) return `${reason}: the template does too much work (a loop that is too long?)`;
  return reason;
}
