// Starts and stops a real Koppel daemon for the browser tests.
//
// The binary comes from KOPPEL_BIN. Each server gets a fresh temporary
// directory for its database, listens on a free port chosen by the kernel
// (127.0.0.1:0) and announces its address on stderr as
// "listening on http://127.0.0.1:PORT". Everything it writes is kept so a
// failing test can print it. Users and werkgebieden are created through the
// same binary's command line (`koppel user add`, `koppel werkgebied add`)
// on the server's database file, as an administrator would; so is the table
// of postcode areas (`koppel postcodes import`).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

import { TIME_ZONE } from './page.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;
// Koppel's "today" follows TZ; the browser context uses the same zone (lib/page.mjs).
const ENV = { ...process.env, TZ: TIME_ZONE };
const LISTENING = /listening on (http:\/\/[^\s]+)/;

// Children still running when node exits are killed, so a crashed test run
// does not leave daemons behind.
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
});

// The stop() of every started server that has not stopped yet. A suite
// stops its server in its after() hook, but when its before() hook fails,
// Node 18 (Debian 12's node) never runs that after() hook: the daemon kept
// the test file's process alive, so `node --test` said nothing more and ran
// no further file until ctest's timeout. This after() hook at the top level
// runs once every suite of the file has finished, on every Node version,
// and stops what is left. The daemons are also unref()'d (see startServer),
// so even a server nobody stops never keeps node from exiting.
const unstopped = new Set();
after(async () => {
  await Promise.all([...unstopped].map((stop) => stop()));
});

// Exit status as a shell reports it: the exit code, or 128 + signal number
// when the process was killed by a signal.
function exitStatus(code, signal) {
  if (code !== null) {
    return code;
  }
  return 128 + (osConstants.signals[signal] ?? 0);
}

/**
 * Starts the daemon and waits until it listens.
 *
 * @param {object} [options]
 * @param {string} [options.web] directory with the web front end
 *   (default: web/ in this repository)
 * @returns {Promise<{url: string, stop: () => Promise<number>,
 *   log: () => string, dir: string, db: string,
 *   addUser: (options: object) => Promise<string>,
 *   addWerkgebied: (code: string, naam: string, gemeenten?: string[]) => Promise<string>,
 *   importPostcodes: (file: string) => Promise<string>}>}
 *   url has no trailing slash; stop() sends SIGTERM, waits for the exit,
 *   removes the temporary directory and resolves to the exit status;
 *   log() returns everything the daemon wrote to stderr and stdout;
 *   db is the database file; addUser(), addWerkgebied() and
 *   importPostcodes() write to it through the command line (see below)
 *   while the server runs.
 */
export async function startServer({ web = join(REPO_ROOT, 'web') } = {}) {
  const bin = process.env.KOPPEL_BIN;
  if (!bin) {
    throw new Error(
      'KOPPEL_BIN is not set: point it to the koppel binary, ' +
        'e.g. KOPPEL_BIN=../../build/koppel npm test',
    );
  }

  const dir = await mkdtemp(join(tmpdir(), 'koppel-e2e-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--db', join(dir, 'koppel.db'), '--web', web];

  let output = '';
  const log = () => output;

  const child = spawn(bin, args, { cwd: dir, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // Neither the daemon nor its output pipes keep node alive: a test that
  // waits for it holds a timer or a browser connection of its own, and what
  // is still running at exit is killed (above).
  child.unref();
  child.stdout.unref();
  child.stderr.unref();

  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(exitStatus(code, signal));
    });
  });

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      let pending = '';
      const timer = setTimeout(() => {
        reject(new Error(`${bin} did not report "listening on" within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);

      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${bin}: ${err.message}`));
      });
      exited.then((status) => {
        clearTimeout(timer);
        reject(new Error(`${bin} exited with status ${status} before listening`));
      });

      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });

      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        output += chunk;
        pending += chunk;
        let newline;
        while ((newline = pending.indexOf('\n')) !== -1) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          const match = LISTENING.exec(line);
          if (match) {
            clearTimeout(timer);
            resolve(match[1].replace(/\/+$/, ''));
            return;
          }
        }
      });
    });
  } catch (err) {
    // A binary that could not be spawned at all never emits 'exit'.
    if (child.pid !== undefined) {
      child.kill('SIGKILL');
      await exited;
    }
    running.delete(child);
    await rm(dir, { recursive: true, force: true });
    err.message += output ? `\n--- daemon output ---\n${output}` : ' (no output)';
    throw err;
  }

  let stopping;
  async function stop() {
    unstopped.delete(stop);
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      let timer;
      const status = await Promise.race([
        exited,
        new Promise((resolve) => {
          timer = setTimeout(() => {
            output += `\n[server.mjs] no exit ${STOP_TIMEOUT_MS} ms after SIGTERM; sending SIGKILL\n`;
            child.kill('SIGKILL');
            resolve(exited);
          }, STOP_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
      return status;
    })();
    return stopping;
  }

  unstopped.add(stop);
  const db = join(dir, 'koppel.db');
  return {
    url,
    stop,
    log,
    dir,
    db,
    addUser: (options) => addUser({ db, ...options }),
    addWerkgebied: (code, naam, gemeenten) => addWerkgebied({ db, code, naam, gemeenten }),
    importPostcodes: (file) => importPostcodes({ db, file }),
  };
}

/**
 * Runs `KOPPEL_BIN args...` to completion, with `input` on standard input.
 * Resolves to its standard output; rejects with everything it wrote when it
 * exits with another status than 0.
 */
export function runCli(args, { input = '' } = {}) {
  const bin = process.env.KOPPEL_BIN;
  if (!bin) {
    return Promise.reject(new Error('KOPPEL_BIN is not set'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${bin}: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const status = exitStatus(code, signal);
      if (status === 0) {
        resolve(stdout);
      } else {
        // Never echo the input: it may hold a password.
        reject(new Error(`koppel ${args.join(' ')} exited with status ${status}\n${stdout}${stderr}`));
      }
    });
    child.stdin.on('error', () => {}); // the exit status tells what went wrong
    child.stdin.end(input);
  });
}

/**
 * Creates a user account through the command line, as an administrator
 * does for the first beheerder: `koppel user add NAME --role ROLE
 * --naam NAAM --password-stdin --db DB` with the password on stdin.
 *
 * @param {object} options
 * @param {string} options.db the database file of the server
 * @param {string} options.gebruikersnaam
 * @param {string} options.naam
 * @param {string} options.password
 * @param {string} [options.rol] beheerder (default), coordinator or rapportage
 * @param {string[]} [options.werkgebieden] werkgebied codes (`--werkgebied CODE`
 *   for each; a coordinator needs at least one)
 */
export function addUser({ db, gebruikersnaam, naam, password, rol = 'beheerder', werkgebieden = [] }) {
  return runCli(
    ['user', 'add', gebruikersnaam, '--role', rol, ...werkgebieden.flatMap((code) => ['--werkgebied', code]),
      '--naam', naam, '--password-stdin', '--db', db],
    { input: `${password}\n` },
  );
}

/**
 * Creates a werkgebied through the command line: `koppel werkgebied add
 * CODE NAAM --gemeente G... --db DB`. Its gemeenten (the list its families
 * pick their gemeente from) default to the one it is named after.
 */
export function addWerkgebied({ db, code, naam, gemeenten = [naam] }) {
  return runCli(['werkgebied', 'add', code, naam, ...gemeenten.flatMap((g) => ['--gemeente', g]), '--db', db]);
}

/**
 * Imports the PC4 postcode areas (CSV: pc4,place,lat,lon) through the
 * command line: `koppel postcodes import FILE --db DB`.
 */
export function importPostcodes({ db, file }) {
  return runCli(['postcodes', 'import', file, '--db', db]);
}
