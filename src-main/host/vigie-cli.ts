import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AUDIT_USAGE, auditCommand } from '../core/audit/audit-cli';
import { coreOptionsFromArgs, type CoreArgs } from '../core/bootstrap';
import { ConfigError, loadConfigFile } from '../core/config/load-config';
import {
  clearTextCredentialWarnings,
  configFileExposureWarning,
} from '../core/credentials/credential-protection';
import { log } from '../core/log/logger';
import { processCliIo } from '../core/api/cli-io';
import { LOGBOOK_USAGE, logbookCommand, operatorCommand } from '../core/logbook/logbook-cli';
import { ROOM_USAGE, runRoomCli } from '../core/room/room-cli';
import { LOGBOOK_ROOM_USAGE, verifyWithRoom, wantsRoomVerify } from '../core/room/room-seat-cli';
import { VigieCore } from '../core/vigie-core';
import { ensureRendererBuilt } from './ensure-renderer';

const USAGE = `Usage: vigie <command> [options]

Commands:
  serve          Run Vigie's core without Electron and serve the wall to a browser
                 [--demo N] [--config FILE] [--data-dir DIR] [--port P] [--workstation NAME]
                 [--video-transport mpeg1|h264|auto] (overrides the site's video.transport)
  check-config   Validate a configuration file and list every problem (exit 2 when invalid)
                 FILE (passwords in clear text, and a file every account can read that
                 holds them, are warned about on stderr)

Camera passwords are sealed by the Electron app, not by this CLI (it has no safeStorage):
  run \`vigie --seal-credentials=FILE\` (the installed app) in the operator's session.
${LOGBOOK_USAGE}${LOGBOOK_ROOM_USAGE}${AUDIT_USAGE}${ROOM_USAGE}`;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseIntFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`${flag}: expected a whole number, got "${value}"`, 2);
  return n;
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      demo: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      workstation: { type: 'string' },
      'video-transport': { type: 'string' },
    },
    strict: true,
  });
  const args: CoreArgs = {
    config: values.config,
    demo: parseIntFlag(values.demo, '--demo'),
    dataDir: values['data-dir'],
    port: parseIntFlag(values.port, '--port'),
    workstation: values.workstation,
    videoTransport: values['video-transport'],
  };
  let core: VigieCore;
  try {
    const options = coreOptionsFromArgs(args);
    await ensureRendererBuilt(options.rendererDir, projectRoot);
    core = new VigieCore(options);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2);
    throw error;
  }
  let stopping = false;
  const shutdown = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${reason}, stopping`);
    void core.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT received'));
  process.on('SIGTERM', () => shutdown('SIGTERM received'));
  watchParent(() => shutdown('parent process gone'));
  try {
    const endpoint = await core.start();
    process.stdout.write(`Vigie listening on ${endpoint.wallUrl(1)}\n`);
  } catch (error) {
    log.error(`startup failed: ${(error as Error).stack ?? String(error)}`);
    await core.stop();
    fail(`Vigie could not start: ${(error as Error).message}`, 1);
  }
}

/** How often `serve` checks that whoever started it is still there. */
const PARENT_CHECK_MS = 1000;

/**
 * Stops the core when the process that started it goes away. A signal to `npm run serve`
 * reaches npm's shell, which dies without passing it on: the core, reparented, would otherwise
 * keep running with its demo RTSP server and every ffmpeg. A changed parent PID is the sign.
 */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, PARENT_CHECK_MS);
  timer.unref();
}

function checkConfig(argv: string[]): void {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file) fail(`check-config needs a FILE\n\n${USAGE}`, 2);
  try {
    const config = loadConfigFile(path.resolve(file));
    const stations = Object.keys(config.workstations);
    process.stdout.write(
      `OK ${file}: ${config.cameras.length} camera${config.cameras.length === 1 ? '' : 's'}` +
        (config.demo ? `, demo fleet of ${config.demo.count}` : '') +
        `, ${stations.length} workstation${stations.length === 1 ? '' : 's'}` +
        `${stations.length ? ` (${stations.join(', ')})` : ''}\n`,
    );
    const exposure = configFileExposureWarning(path.resolve(file), config);
    for (const warning of [...clearTextCredentialWarnings(config), ...(exposure ? [exposure] : [])])
      process.stderr.write(`warning: ${warning}\n`);
  } catch (error) {
    // 2, like `serve` and the app on the same file: scripts test one code for "fix the file".
    if (error instanceof ConfigError) fail(error.message, 2);
    throw error;
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command?.startsWith('--seal-credentials')) {
    fail(
      "Sealing camera passwords needs Electron's safeStorage, which this Node CLI does not have: run the " +
        "installed app as the operator's OS user, `vigie --seal-credentials=FILE` (see README, Deployment)",
      2,
    );
  }
  switch (command) {
    case 'serve':
      await serve(rest);
      break;
    case 'check-config':
      checkConfig(rest);
      break;
    case 'logbook':
      process.exitCode = wantsRoomVerify(rest)
        ? await verifyWithRoom(rest, processCliIo, logbookCommand)
        : logbookCommand(rest, processCliIo);
      break;
    case 'room':
      process.exitCode = await runRoomCli(rest, processCliIo);
      break;
    case 'operator':
      process.exitCode = await operatorCommand(rest, processCliIo);
      break;
    case 'audit':
      process.exitCode = auditCommand(rest, processCliIo);
      break;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      break;
    default:
      fail(`Unknown command "${command}"\n\n${USAGE}`, 2);
  }
}

main().catch((error: unknown) => fail(`vigie: ${(error as Error).stack ?? String(error)}`, 1));
