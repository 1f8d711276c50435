/**
 * The seed's singletons (`import { chatwootService } from …`): each method opens one shared
 * instance from process.env on first use. Call `closeDefaultCitaPlanner()` before exiting so the
 * database pool (and an embedded PostgreSQL) closes.
 */
import { createCitaPlanner, type CitaPlanner } from './citaplanner.ts';

let instance: Promise<CitaPlanner> | undefined;

export function defaultCitaPlanner(): Promise<CitaPlanner> {
  instance ??= createCitaPlanner();
  return instance;
}

export async function closeDefaultCitaPlanner(): Promise<void> {
  const current = instance;
  instance = undefined;
  await (await current)?.close();
}

type Service = 'chatwootService' | 'notificationManager' | 'notificationService' | 'chatwootApiService';

/** An object with the service's methods, each forwarding to the default instance. */
export function lazyService<K extends Service>(name: K, methods: Array<keyof CitaPlanner[K]>): CitaPlanner[K] {
  return Object.fromEntries(
    methods.map((method) => [
      method,
      async (...args: unknown[]) => {
        const service = (await defaultCitaPlanner())[name] as Record<PropertyKey, (...a: unknown[]) => unknown>;
        return service[method as PropertyKey](...args);
      },
    ]),
  ) as CitaPlanner[K];
}
