import type { VariableSegments } from 'liquidjs';
import { AppError } from '../errors.ts';
import { exampleTemplateContext } from './example-context.ts';
import { parseTemplate, templateError, variablesRead } from './liquid-engine.ts';
import { renderTemplate } from './render-template.ts';
import type { TemplateContext } from './template-context.ts';

/**
 * Checks a tenant-written body before it is saved, so a bad one is rejected with a reason instead
 * of failing (or quietly losing lines) at delivery time. It must parse, read only variables the
 * context has (a typo like `client.nmae` would render empty and drop its line), and render with
 * sample data within the engine's limits.
 *
 * @throws AppError VALIDATION_FAILED with `details: { line, column, reason }`.
 */
export function validateTemplate(body: string): void {
  if (body.trim() === '') {
    throw new AppError('VALIDATION_FAILED', 'Template is empty', { line: 1, column: 1, reason: 'empty' });
  }
  const sample = exampleTemplateContext('es-MX');
  for (const variable of variablesRead(parseTemplate(body))) {
    const unknown = unknownPath(sample, variable.segments);
    if (unknown) {
      throw templateError(variable.location.row, variable.location.col, `unknown variable "${unknown}"`, {
        knownVariables: variablePaths(sample),
      });
    }
  }
  renderTemplate(body, sample);
}

/** The part of a variable path the context does not have, if any. Only two levels are checked. */
function unknownPath(context: TemplateContext, [root, property]: VariableSegments): string | undefined {
  if (typeof root !== 'string' || !Object.hasOwn(context, root)) return String(root);
  const value: unknown = context[root as keyof TemplateContext];
  const isGroup = typeof value === 'object' && value !== null;
  if (isGroup && typeof property === 'string' && !Object.hasOwn(value, property)) return `${root}.${property}`;
  return undefined;
}

/** "client.name", "message", …: what a template may use. */
function variablePaths(context: TemplateContext): string[] {
  return Object.entries(context).flatMap(([root, value]) =>
    typeof value === 'object' && value !== null ? Object.keys(value).map((property) => `${root}.${property}`) : [root],
  );
}
