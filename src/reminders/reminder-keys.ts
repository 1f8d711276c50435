/**
 * Idempotency keys of the messages a booking produces. A key names one message about one state of
 * the booking: a retried request or trigger finds the same key and sends nothing new, while a
 * moved appointment (new version / start) gets new ones.
 */
export const confirmationKey = (appointmentId: string, version: number) => `confirmation:${appointmentId}:${version}`;
export const rescheduleKey = (appointmentId: string, version: number) => `reschedule:${appointmentId}:${version}`;
export const cancellationKey = (appointmentId: string) => `cancellation:${appointmentId}`;
export const feedbackKey = (appointmentId: string) => `feedback:${appointmentId}`;
export const reminderKey = (appointmentId: string, offsetMinutes: number, startTime: Date) =>
  `reminder:${appointmentId}:${offsetMinutes}:${startTime.toISOString()}`;
/** One pending reminder job per appointment and offset: re-planning replaces it. */
export const reminderJobKey = (appointmentId: string, offsetMinutes: number) => `reminder:${appointmentId}:${offsetMinutes}`;
