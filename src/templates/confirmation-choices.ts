import { resolveTemplateLocale, type TemplateLocale } from './template-locale.ts';

export type ChoiceAction = 'confirm' | 'reschedule' | 'cancel';

/** One button or list row; `value` comes back when the client picks it (web widget, API inbox). */
export interface InteractiveChoice {
  title: string;
  value: string;
}

/*
 * WhatsApp Cloud returns only the title of the tapped button (Chatwoot drops the value), so each
 * title must be distinct and read as its action on its own; Meta cuts button titles at 20 chars.
 */
const titles: Record<TemplateLocale, Record<ChoiceAction, string>> = {
  'es-MX': { confirm: 'Confirmar', reschedule: 'Reagendar', cancel: 'Cancelar' },
  en: { confirm: 'Confirm', reschedule: 'Reschedule', cancel: 'Cancel' },
};
const actions = Object.keys(titles.en) as ChoiceAction[];

/** Confirm / reschedule / cancel buttons for a confirmation or reminder (values `appt:<id>:<action>`). */
export function confirmationChoices(locale: string, appointmentId: string): InteractiveChoice[] {
  const localTitles = titles[resolveTemplateLocale(locale)];
  return actions.map((action) => ({ title: localTitles[action], value: `appt:${appointmentId}:${action}` }));
}

const CHOICE_VALUE = /^appt:(.+):(confirm|reschedule|cancel)$/;

/** The appointment and action behind a choice value, or undefined when it is not one of ours. */
export function parseChoiceValue(value: string): { appointmentId: string; action: ChoiceAction } | undefined {
  const match = CHOICE_VALUE.exec(value);
  return match ? { appointmentId: match[1], action: match[2] as ChoiceAction } : undefined;
}
