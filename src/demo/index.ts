/** The demo salon: seed data, its Chatwoot sandbox and its background activity (see demo.runtime.ts). */
export { ensureDemo, type DemoInfo } from './demo.runtime.ts';
export { seedDemo, type SeededDemo } from './demo.seed.ts';
