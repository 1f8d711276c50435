import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.ts';
import { diagnoseTenantChatwoot } from '../chatwoot/connection-test.service.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { seedDemo } from '../demo/index.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { createApiKey, createTenant, listApiKeys, revokeApiKey } from '../tenancy/tenancy.service.ts';
import { tenants } from '../tenancy/tenancy.tables.ts';
import { command, EXIT_BAD_INPUT, EXIT_FAILURE } from './run-command.ts';
import { runWorker, serve } from './serve.ts';
import { resolveTenant } from './tenant-ref.ts';

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
};

/** Opens the runtime (quietly), runs fn, and always closes it again. */
async function withRuntime(fn: (runtime: Runtime) => Promise<void>) {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const runtime = await openRuntime(config);
  try {
    await fn(runtime);
  } finally {
    await runtime.close();
  }
}

const program = new Command()
  .name('citaplanner')
  .description('CitaPlanner Notify: appointment notifications, reminders and campaigns (Chatwoot, WhatsApp, SMS, email)')
  .showHelpAfterError()
  // Usage errors (unknown command, missing option) exit with 2, like other bad input; help with 0.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_BAD_INPUT));

program
  .command('serve')
  .description('Run the API and the worker (embedded PostgreSQL unless DATABASE_URL is set)')
  .option('--no-worker', 'run only the API; start workers separately with `citaplanner worker`')
  .addOption(new Option('--port <port>', 'port to listen on (env PORT)').argParser(positiveInt))
  .addOption(new Option('--host <host>', 'interface to listen on (env HOST)'))
  .action(
    command(async (opts: { worker: boolean; port?: number; host?: string }) => {
      const config = loadConfig();
      await serve({ ...config, port: opts.port ?? config.port, host: opts.host ?? config.host }, { worker: opts.worker });
    }),
  );

program
  .command('worker')
  .description('Run only the background worker (deliveries, reminders); run as many as you like')
  .addOption(new Option('--concurrency <n>', 'jobs run at once in this process (env WORKER_CONCURRENCY)').argParser(positiveInt))
  .action(
    command(async (opts: { concurrency?: number }) => {
      const config = loadConfig();
      await runWorker(config, opts.concurrency ?? config.workerConcurrency);
    }),
  );

program
  .command('migrate')
  .description('Apply database migrations (also done at every start; safe to run concurrently)')
  .action(
    command(async () => {
      // openRuntime migrates; with DATABASE_URL we only need the migration itself (no secret key).
      const config = loadConfig();
      if (config.databaseUrl) await migrateDatabase(config.databaseUrl);
      else await withRuntime(async () => {});
      process.stdout.write('Migrations applied.\n');
    }),
  );

const tenant = program.command('tenant').description('Manage tenants (businesses)');
tenant
  .command('create')
  .description('Create a tenant and print its id and a first admin API key')
  .requiredOption('--name <name>', 'business name')
  .requiredOption('--timezone <zone>', 'IANA timezone, e.g. America/Mexico_City')
  .option('--country <code>', 'default phone country (ISO code)', 'MX')
  .addOption(new Option('--locale <locale>', 'language of client messages').choices(['es-MX', 'en']).default('es-MX'))
  .action(
    command(async (opts: { name: string; timezone: string; country: string; locale: string }) => {
      await withRuntime(async ({ ctx }) => {
        const { tenant: row, apiKey } = await createTenant(ctx, {
          name: opts.name,
          timezone: opts.timezone,
          defaultCountry: opts.country,
          locale: opts.locale,
        });
        process.stdout.write(`Tenant created\n  id:      ${row.id}\n  slug:    ${row.slug}\n  API key: ${apiKey}   (admin; shown only now)\n`);
      });
    }),
  );
tenant
  .command('list')
  .description('List tenants')
  .action(
    command(async () => {
      await withRuntime(async ({ ctx }) => {
        const rows = await ctx.db.select().from(tenants).orderBy(tenants.createdAt);
        if (rows.length === 0) process.stdout.write('No tenants yet: create one with `citaplanner tenant create`.\n');
        for (const r of rows) process.stdout.write(`${r.id}  ${r.slug.padEnd(24)} ${r.timezone.padEnd(22)} ${r.name}\n`);
      });
    }),
  );

const apikey = program.command('apikey').description("Manage a tenant's API keys");
apikey
  .command('create')
  .description('Create an API key and print it (it is shown only once)')
  .requiredOption('--tenant <id|slug>', 'tenant')
  .option('--name <name>', 'what the key is for', 'cli')
  .addOption(new Option('--role <role>', 'what the key may do').choices(['admin', 'staff', 'viewer']).default('staff'))
  .action(
    command(async (opts: { tenant: string; name: string; role: 'admin' | 'staff' | 'viewer' }) => {
      await withRuntime(async ({ ctx }) => {
        const t = await resolveTenant(ctx, opts.tenant);
        const { key, row } = await createApiKey(ctx, t.id, { name: opts.name, role: opts.role });
        process.stdout.write(`API key created for ${t.name}\n  id:   ${row.id}\n  role: ${row.role}\n  key:  ${key}   (shown only now)\n`);
      });
    }),
  );
apikey
  .command('list')
  .description("List a tenant's API keys (prefixes only)")
  .requiredOption('--tenant <id|slug>', 'tenant')
  .action(
    command(async (opts: { tenant: string }) => {
      await withRuntime(async ({ ctx }) => {
        const t = await resolveTenant(ctx, opts.tenant);
        for (const k of await listApiKeys(ctx, t.id)) {
          process.stdout.write(`${k.id}  ${k.prefix}…  ${k.role.padEnd(6)} ${k.revokedAt ? 'revoked' : 'active '}  ${k.name}\n`);
        }
      });
    }),
  );
apikey
  .command('revoke')
  .description('Revoke an API key: requests with it get 401 from now on')
  .requiredOption('--tenant <id|slug>', 'tenant')
  .requiredOption('--id <keyId>', 'key id (see `citaplanner apikey list`)')
  .action(
    command(async (opts: { tenant: string; id: string }) => {
      await withRuntime(async ({ ctx }) => {
        const t = await resolveTenant(ctx, opts.tenant);
        if (!/^[0-9a-f-]{36}$/i.test(opts.id)) throw new AppError('VALIDATION_FAILED', `"${opts.id}" is not a key id; see \`citaplanner apikey list --tenant ${opts.tenant}\``);
        const row = await revokeApiKey(ctx, t.id, opts.id);
        process.stdout.write(`Revoked ${row.prefix}… (${row.name})\n`);
      });
    }),
  );

program
  .command('chatwoot')
  .description("Chatwoot connection of a tenant")
  .command('test')
  .description('Check the Chatwoot configuration step by step (reachable, token, account, inbox) and say how to fix what fails')
  .requiredOption('--tenant <id|slug>', 'tenant')
  .option('--branch <branchId>', "check a branch's override instead of the tenant's configuration")
  .action(
    command(async (opts: { tenant: string; branch?: string }) => {
      await withRuntime(async ({ ctx }) => {
        const t = await resolveTenant(ctx, opts.tenant);
        const result = await diagnoseTenantChatwoot(ctx, t.id, opts.branch ?? null);
        for (const check of result.checks) {
          process.stdout.write(`${check.ok ? '✓' : '✗'} ${check.name.padEnd(10)} ${check.detail}\n`);
          if (!check.ok && check.hint) process.stdout.write(`  → ${check.hint}\n`);
        }
        process.stdout.write(result.ok ? 'Chatwoot is ready.\n' : 'Chatwoot is not ready.\n');
        if (!result.ok) process.exitCode = EXIT_FAILURE;
      });
    }),
  );

program
  .command('demo')
  .description('Demo data')
  .command('seed')
  .description('Create a demo tenant with branches, services, professionals, ~50 clients and a week of appointments')
  .action(
    command(async () => {
      await withRuntime(async ({ ctx }) => {
        const demo = await seedDemo(ctx);
        process.stdout.write(`Demo tenant "${demo.tenantName}" created\n  id:      ${demo.tenantId}\n  API key: ${demo.apiKey}\n`);
      });
    }),
  );

await program.parseAsync(process.argv);
