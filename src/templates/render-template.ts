import { parseTemplate, renderMarked } from './liquid-engine.ts';
import { omitEmptyLines } from './line-omission.ts';
import type { TemplateContext } from './template-context.ts';

/**
 * Renders a Liquid body. Missing variables render empty; a line whose variables all rendered
 * empty, or that only held tags, is left out without leaving two blank lines in a row.
 *
 * @throws AppError VALIDATION_FAILED (with `details.line`) when the body is not valid Liquid.
 */
export function renderTemplate(body: string, context: TemplateContext): string {
  return omitEmptyLines(renderMarked(parseTemplate(body), context));
}
