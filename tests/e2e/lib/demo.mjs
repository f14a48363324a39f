// The demo practice (`koppel demo`) for browser tests that need a full
// workspace: families in every status, koppelingen in every phase,
// evaluations, users of each role. The database is made through the
// command line as a newcomer would, then served by the daemon.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { TIME_ZONE } from './page.mjs';
import { addUser } from './server.mjs';

const PC4_CSV = fileURLToPath(new URL('../../../config/postcodes/nl-pc4.csv', import.meta.url));
const WEB = fileURLToPath(new URL('../../../web', import.meta.url));

/** The password of every demo login. */
export const DEMO_WACHTWOORD = 'demo-wachtwoord-koppel';

// Runs KOPPEL_BIN args to completion (a minute and more under AddressSanitizer).
function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.KOPPEL_BIN, args, { env: { ...process.env, TZ: TIME_ZONE }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`koppel ${args[0]} exited with ${code ?? signal}:\n${output}`));
      }
    });
  });
}

/**
 * Makes a demo database in a fresh directory, adds a rapportage user
 * (`rapport`, DEMO_WACHTWOORD) and serves it. Resolves to
 * {url, db, stop, log}; stop() ends the daemon and removes the directory.
 */
export async function startDemo() {
  const dir = await mkdtemp(join(tmpdir(), 'koppel-demo-'));
  const db = join(dir, 'demo.db');
  await run(['demo', '--postcodes', PC4_CSV, '--db', db]);
  await addUser({ db, gebruikersnaam: 'rapport', naam: 'Rik Rapport', password: DEMO_WACHTWOORD, rol: 'rapportage', werkgebieden: ['ZAANSTAD'] });
  const child = spawn(process.env.KOPPEL_BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--web', WEB],
    { env: { ...process.env, TZ: TIME_ZONE }, stdio: ['ignore', 'pipe', 'pipe'] });
  process.on('exit', () => child.kill('SIGKILL'));
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not listen:\n${output}`)), 10_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/+$/, ''));
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the daemon exited (${code}) before listening:\n${output}`));
    });
  });
  return { url, db, stop, log: () => output };
}
