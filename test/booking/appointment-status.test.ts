import { describe, expect, it } from 'vitest';
import { allowedActions, assertTransition, type AppointmentAction } from '../../src/booking/appointment-status.ts';
import type { AppointmentStatus } from '../../src/booking/booking.tables.ts';
import { AppError } from '../../src/errors.ts';

const yesterday = new Date(Date.now() - 86_400_000);

/** The lifecycle, written out by hand: what each status allows. */
const expected: Record<AppointmentStatus, AppointmentAction[]> = {
  PENDING: ['confirm', 'cancel', 'complete', 'no-show', 'reschedule'],
  CONFIRMED: ['cancel', 'complete', 'no-show', 'reschedule'],
  COMPLETED: [],
  CANCELLED: [],
  NO_SHOW: [],
};

const actions: AppointmentAction[] = ['confirm', 'cancel', 'complete', 'no-show', 'reschedule'];

describe('the appointment transition table', () => {
  it.each(Object.entries(expected))('%s allows exactly %j', (status, allowed) => {
    expect(allowedActions(status as AppointmentStatus)).toEqual(allowed);
  });

  const cases = Object.entries(expected).flatMap(([status, allowed]) =>
    actions.map((action) => [status as AppointmentStatus, action, allowed.includes(action)] as const),
  );
  it.each(cases)('%s + %s allowed: %s', (status, action, allowed) => {
    const attempt = () => assertTransition(action, { status, startTime: yesterday });
    if (allowed) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(AppError);
  });

  it('names the target status of each action', () => {
    const target = (action: AppointmentAction, status: AppointmentStatus) => assertTransition(action, { status, startTime: yesterday }).to ?? status;
    expect(target('confirm', 'PENDING')).toBe('CONFIRMED');
    expect(target('cancel', 'CONFIRMED')).toBe('CANCELLED');
    expect(target('complete', 'PENDING')).toBe('COMPLETED');
    expect(target('no-show', 'CONFIRMED')).toBe('NO_SHOW');
    expect(target('reschedule', 'CONFIRMED')).toBe('CONFIRMED');
    expect(target('reschedule', 'PENDING')).toBe('PENDING');
  });

  it('says from what to what and what is allowed instead', () => {
    try {
      assertTransition('confirm', { status: 'CONFIRMED', startTime: yesterday });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'INVALID_TRANSITION',
        statusCode: 409,
        message: 'Cannot confirm an appointment that is CONFIRMED (CONFIRMED → CONFIRMED); from CONFIRMED the allowed actions are: cancel, complete, no-show, reschedule',
        details: { action: 'confirm', from: 'CONFIRMED', to: 'CONFIRMED', allowed: ['cancel', 'complete', 'no-show', 'reschedule'] },
      });
    }
  });

  it('says a final status cannot change', () => {
    expect(() => assertTransition('reschedule', { status: 'CANCELLED', startTime: yesterday })).toThrow(
      'Cannot reschedule an appointment that is CANCELLED (CANCELLED → CANCELLED); CANCELLED is final and cannot change',
    );
  });

  it('refuses a no-show before the appointment starts', () => {
    const now = new Date('2030-01-15T16:00:00Z');
    expect(() => assertTransition('no-show', { status: 'PENDING', startTime: new Date('2030-01-15T16:30:00Z') }, now)).toThrow(
      'Cannot mark an appointment as no-show before it starts (PENDING → NO_SHOW); it starts at 2030-01-15T16:30:00.000Z',
    );
    expect(() => assertTransition('no-show', { status: 'PENDING', startTime: new Date('2030-01-15T15:59:00Z') }, now)).not.toThrow();
  });
});
