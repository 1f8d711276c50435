/**
 * Assembles the AppContext with its lifecycle triggers. Production (src/runtime.ts), the library
 * and the tests all build their context here, so they run the same wiring.
 */
import { noHooks, type AppContext } from './context.ts';
import { lifecycleHooks } from './reminders/index.ts';

export function createAppContext(parts: Omit<AppContext, 'hooks'>): AppContext {
  const ctx: AppContext = { ...parts, hooks: noHooks };
  ctx.hooks = lifecycleHooks(ctx);
  return ctx;
}
