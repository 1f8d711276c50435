/**
 * The appointment lifecycle. PENDING and CONFIRMED are live; COMPLETED, CANCELLED and NO_SHOW are
 * final, because messages, reminders and campaign segments have already acted on them.
 */
import type { AppointmentChange } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Appointment, AppointmentStatus } from './booking.tables.ts';

export const appointmentActions = ['confirm', 'cancel', 'complete', 'no-show', 'reschedule'] as const;
export type AppointmentAction = (typeof appointmentActions)[number];

interface Transition {
  from: readonly AppointmentStatus[];
  /** null: the status stays as it is (a reschedule moves the time, not the status). */
  to: AppointmentStatus | null;
  kind: AppointmentChange['kind'];
}

const live: readonly AppointmentStatus[] = ['PENDING', 'CONFIRMED'];

export const transitions: Record<AppointmentAction, Transition> = {
  confirm: { from: ['PENDING'], to: 'CONFIRMED', kind: 'confirmed' },
  cancel: { from: live, to: 'CANCELLED', kind: 'cancelled' },
  // Many clients never confirm and simply come, so a PENDING appointment may be completed directly.
  complete: { from: live, to: 'COMPLETED', kind: 'completed' },
  'no-show': { from: live, to: 'NO_SHOW', kind: 'no_show' },
  // A new time is agreed with the client (they asked, or the salon called them), so a confirmation carries over.
  reschedule: { from: live, to: null, kind: 'rescheduled' },
};

export const allowedActions = (status: AppointmentStatus): AppointmentAction[] =>
  appointmentActions.filter((action) => transitions[action].from.includes(status));

/** Throws INVALID_TRANSITION (409) saying from what to what, and what is allowed instead. */
export function assertTransition(action: AppointmentAction, appointment: Pick<Appointment, 'status' | 'startTime'>, now = new Date()): Transition {
  const transition = transitions[action];
  const from = appointment.status;
  const to = transition.to ?? from;
  if (!transition.from.includes(from)) {
    const allowed = allowedActions(from);
    const instead = allowed.length > 0 ? `from ${from} the allowed actions are: ${allowed.join(', ')}` : `${from} is final and cannot change`;
    throw new AppError('INVALID_TRANSITION', `Cannot ${action} an appointment that is ${from} (${from} → ${to}); ${instead}`, {
      action,
      from,
      to,
      allowed,
    });
  }
  // Nobody can miss an appointment that has not started yet: marking it is a slip of the finger.
  if (action === 'no-show' && appointment.startTime > now) {
    throw new AppError(
      'INVALID_TRANSITION',
      `Cannot mark an appointment as no-show before it starts (${from} → NO_SHOW); it starts at ${appointment.startTime.toISOString()}`,
      { action, from, to, allowed: allowedActions(from) },
    );
  }
  return transition;
}
