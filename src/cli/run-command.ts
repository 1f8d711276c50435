import { ConfigError } from '../config.ts';
import { isAppError } from '../errors.ts';

/** Exit codes: 0 success, 1 the operation failed, 2 the input or configuration is wrong. */
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** Runs a command body, turning known errors into a one-line message and an exit code. */
export function command<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (isAppError(err)) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exit(err.statusCode < 500 ? EXIT_BAD_INPUT : EXIT_FAILURE);
      }
      if (err instanceof ConfigError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exit(EXIT_BAD_INPUT);
      }
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(EXIT_FAILURE);
    }
  };
}
