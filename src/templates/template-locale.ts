/** The languages the system templates are written in. */
export type TemplateLocale = 'es-MX' | 'en';
export const templateLocales: readonly TemplateLocale[] = ['es-MX', 'en'];

/**
 * The template language for a tenant or client locale ("es", "es-CO", "en-US", …). Spanish unless
 * English is asked for: the clients of these businesses are mostly in Latin America.
 */
export function resolveTemplateLocale(locale: string | null | undefined): TemplateLocale {
  return /^en(?:-|$)/i.test(locale ?? '') ? 'en' : 'es-MX';
}
