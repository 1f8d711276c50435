/** A real pino logger whose lines are kept in memory, to check what providers write to logs. */
import { Writable } from 'node:stream';
import { pino } from 'pino';

export function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}
