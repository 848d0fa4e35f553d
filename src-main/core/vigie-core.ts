import { hostname } from 'node:os';
import path from 'node:path';
import { gridWallState, type DisplayWall, type Layout, type SiteProblem } from '../../src-shared/contract';
import { auditPaths } from './audit/audit-service';
import { CameraRegistry } from './cameras/camera-registry';
import { startCompliance, type Compliance, type ComplianceOptions } from './compliance/compliance-wiring';
import type { CameraConfig, DisplayConfig, VigieConfig } from './config/config-schema';
import { openVaultCredentials, vaultAuditDetails, type VaultStatus } from './credentials/camera-credentials';
import { clearTextCredentialWarnings, configFileExposureWarning } from './credentials/credential-protection';
import type { SecretCipher } from './credentials/secret-cipher';
import { demoCameras, demoSpecs } from './demo/demo-cameras';
import { DemoFleet, DemoFleetError, type DemoFleetOptions } from './demo/demo-fleet';
import { ensurePrivateDir, preparePrivateDataDir } from './files/private-files';
import { startCameraHealth, type CameraHealth } from './health/health-wiring';
import type { HealthTuning } from './health/health-service';
import { log, setupLogging } from './log/logger';
import { logbookPaths, LogbookService, type LogbookServiceOptions } from './logbook/logbook-service';
import { sqliteNativeBinding } from './sqlite/sqlite-binding';
import { ProcessLedger } from './relay/process-ledger';
import { DEFAULT_RELAY_TUNING, RelayService, type RelayTuning } from './relay/relay-service';
import { ReplayService } from './replay/replay-service';
import {
  configDirOf,
  LOCAL_ONLY_STATUS,
  localOnlyRoomHandlers,
  RoomService,
  type RoomServiceOptions,
} from './room/room-service';
import type { ApiHandlers } from './api/api-handlers';
import { outcomeOf } from './api/service-result';
import { DEFAULT_VIDEO_FLOW, type VideoFlowLimits } from './server/video-flow';
import { LocalServer } from './server/local-server';
import { WallService } from './wall/wall-service';

export interface VigieCoreOptions {
  config: VigieConfig;
  /** Where the config came from, for logs; null for the built-in demo. */
  configFile: string | null;
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Workstation name used to pick the config's display layouts; defaults to the host name. */
  workstation?: string;
  /** Folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  /** Relay timings; tests shorten them. */
  relay?: Partial<RelayTuning>;
  backpressure?: Partial<VideoFlowLimits>;
  /** Console log level (stderr); the log file always gets info and up. */
  consoleLevel?: 'error' | 'warn' | 'info' | 'debug' | false;
  /** Main courante settings (Electron passes its own better-sqlite3 build as `nativeBinding`). */
  logbook?: Partial<Omit<LogbookServiceOptions, 'dataDir' | 'workstation'>>;
  /** Audit trail and compliance tuning (tests shorten delays, switch the daily purge off). */
  compliance?: ComplianceOptions;
  /**
   * Opens the camera credentials sealed in `<dataDir>/camera-credentials.json`: the Electron shell
   * passes its `safeStorage` (adapted with `cipherFromSafeStorage`). The Node host has none, so
   * cameras whose credentials are only sealed run without them, with a logged error saying why.
   */
  secretCipher?: SecretCipher | null;
  /** How the demo fleet's server is run (tests give it an environment lacking a plugin). */
  demoFleet?: DemoFleetOptions;
  /** Camera health probe timings (the benchmark and tests may change them). */
  health?: Partial<HealthTuning>;
  /** Room replication timings, with a `room` section (tests shorten the retry). */
  roomReplication?: RoomServiceOptions['replication'];
}

/** Where the running core can be reached. */
export interface CoreEndpoint {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Per-launch secret required on every request and socket. */
  token: string;
  /** URL (token included) opening the wall of one display in a browser. */
  wallUrl(display: number): string;
}

const DEFAULT_DEMO_GRID = { columns: 2, rows: 2 };

/**
 * Folders the logbook and the audit trail create under the data dir with Node's default mode:
 * made 0700 first, so they are private whoever creates them (their own mkdir then finds them).
 */
function servicesDirs(dataDir: string): string[] {
  const logbook = logbookPaths(dataDir);
  return [logbook.dir, logbook.exports, auditPaths(dataDir).dir];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * The whole of Vigie that is not Electron: config, demo fleet, camera registry, relay and the
 * local server, composed with one start/stop lifecycle. The browser host and the Electron shell
 * both run exactly this, so what the browser tests exercise is what runs on a workstation.
 */
export class VigieCore {
  private demo: DemoFleet | null = null;
  private relay: RelayService | null = null;
  private replay: ReplayService | null = null;
  private server: LocalServer | null = null;
  private registry: CameraRegistry | null = null;
  private logbook: LogbookService | null = null;
  private compliance: Compliance | null = null;
  private health: CameraHealth | null = null;
  private room: RoomService | null = null;
  private vault: VaultStatus | null = null;
  private stopping: Promise<void> | null = null;
  /** Site-wide problems found at start, sent in every window's welcome. */
  private readonly problems: SiteProblem[] = [];
  readonly workstation: string;

  constructor(private readonly options: VigieCoreOptions) {
    this.workstation = options.workstation ?? process.env.VIGIE_WORKSTATION ?? hostname();
  }

  /** The workstation's configured displays (layout, fullscreen, kiosk), possibly empty. */
  displays(): DisplayConfig[] {
    const { workstations } = this.options.config;
    return (workstations[this.workstation] ?? workstations.default)?.displays ?? [];
  }

  /** The demo fleet, when one runs (tests use it to break cameras on purpose). */
  get demoFleet(): DemoFleet | null {
    return this.demo;
  }

  get relayService(): RelayService | null {
    return this.relay;
  }

  /** Instant replay's buffers and players (null when `replay.enabled` is false). */
  get replayService(): ReplayService | null {
    return this.replay;
  }

  /** The main courante (tests reach its store and integrity status through it). */
  get logbookService(): LogbookService | null {
    return this.logbook;
  }

  /** The audit trail, register, masks and retention (tests reach their stores through it). */
  get complianceLayer(): Compliance | null {
    return this.compliance;
  }

  /** Camera health: probes, states and availability (tests and the benchmark read it). */
  get cameraHealth(): CameraHealth | null {
    return this.health;
  }

  async start(): Promise<CoreEndpoint> {
    const { config, dataDir } = this.options;
    // Private (0700/0600) before anything is written: PIN hashes, incidents and logs live here.
    const tightened = preparePrivateDataDir(dataDir);
    for (const dir of servicesDirs(dataDir)) ensurePrivateDir(dir);
    const logFile = setupLogging({ dataDir, consoleLevel: this.options.consoleLevel ?? 'warn' });
    log.info(
      `Vigie core starting: config ${this.options.configFile ?? '(built-in demo)'}, workstation "${this.workstation}", log ${logFile}`,
    );
    if (tightened.length) {
      log.warn(
        `data dir: ${tightened.length} path(s) other local accounts could read, made private (0700/0600): ` +
          `${tightened.slice(0, 5).join(', ')}${tightened.length > 5 ? ', …' : ''}`,
      );
    }
    try {
      const cameras: CameraConfig[] = [...config.cameras];
      const demo = config.demo ? await this.startDemo(config.demo) : null;
      if (demo) cameras.push(...demo.cameras);
      const demoIds = demo?.cameras.map((camera) => camera.id) ?? [];
      for (const warning of clearTextCredentialWarnings(config)) log.warn(`config: ${warning}`);
      const exposure = configFileExposureWarning(this.options.configFile, config);
      if (exposure) log.warn(`config: ${exposure}`);
      const credentials = openVaultCredentials({
        cameras: config.cameras,
        dataDir,
        cipher: this.options.secretCipher ?? null,
      });
      for (const warning of credentials.warnings) log.warn(`credentials: ${warning}`);
      for (const error of credentials.errors) log.error(`credentials: ${error}`);
      this.vault = credentials.vault;
      const registry = new CameraRegistry(
        cameras,
        demoIds,
        credentials.provider,
        config.video?.transport ?? 'mpeg1',
      );
      if (demo?.problem) {
        const detail = demo.problem.code === 'demo-unavailable' ? demo.problem.detail : 'GStreamer';
        registry.markUnavailable(demoIds, { reason: 'demo-unavailable', detail });
      }
      this.registry = registry;
      const ledger = new ProcessLedger(dataDir);
      ledger.reapOrphans();
      const relay = new RelayService(
        registry,
        { ...DEFAULT_RELAY_TUNING, ...this.options.relay },
        ledger,
        path.join(dataDir, 'masks'),
      );
      this.relay = relay;
      // Instant replay: the last minutes of every camera stream the relay receives, in memory.
      const replayConfig = config.replay ?? {
        enabled: true,
        seconds: 120,
        maxMbPerCamera: 64,
        maxMbTotal: 1024,
      };
      if (replayConfig.enabled) {
        this.replay = new ReplayService(
          relay,
          {
            seconds: replayConfig.seconds,
            maxBytesPerCamera: replayConfig.maxMbPerCamera * 1024 ** 2,
            maxBytesTotal: replayConfig.maxMbTotal * 1024 ** 2,
          },
          { ...DEFAULT_RELAY_TUNING, ...this.options.relay },
          ledger,
        );
        this.replay.start();
      }
      const logbook = new LogbookService({
        siteName: config.site.name,
        cameraLookup: (id) => registry.summaries().find((camera) => camera.id === id) ?? null,
        // Health starts after the logbook; a prefill asks it only when an operator clicks.
        cameraFault: (id) => this.health?.service.fault(id) ?? null,
        // "Log this" from a tile: every window gets the draft, the main courante opens it.
        onDraft: (draft) => void this.server?.broadcast({ type: 'logbook-draft', draft }),
        // Under Electron, the better-sqlite3 build for Electron's ABI (node_modules keeps Node's).
        nativeBinding: sqliteNativeBinding(),
        ...this.options.logbook,
        dataDir,
        workstation: this.workstation,
      });
      this.logbook = logbook;
      await logbook.start();
      const room = config.room ? this.startRoom(config.room, logbook) : null;
      const snapshotsDir = config.snapshots?.folder ?? path.join(dataDir, 'snapshots');
      // Before the server starts: the mask overlay applies before any stream, and the first
      // login is already audited.
      const compliance = startCompliance({
        dataDir,
        workstation: this.workstation,
        siteName: config.site.name,
        snapshotsDir,
        registry,
        relay,
        logbook,
        clips: this.replay,
        nativeBinding: this.options.logbook?.nativeBinding ?? sqliteNativeBinding(),
        options: this.options.compliance,
      });
      this.compliance = compliance;
      const vaultDetails = vaultAuditDetails(credentials.vault, registry.credentialStatus());
      if (vaultDetails)
        compliance.audit.record('credentials.vault', { operator: null, details: vaultDetails });
      const wall = new WallService({
        dataDir,
        snapshotsDir,
        presetFor: (display) => {
          const { layout } = this.wallFor(display);
          return gridWallState(layout.columns, layout.rows, layout.tiles);
        },
        camera: (id) => registry.summaries().find((camera) => camera.id === id),
        broadcast: (message) => this.server?.broadcast(message) ?? 0,
        operatorOnDuty: () => compliance.audit.currentOperator(),
        snapshotQuotaBytes:
          config.snapshots?.quotaMb === undefined ? undefined : config.snapshots.quotaMb * 1024 ** 2,
      });
      wall.start();
      // Every camera probed (OPTIONS + DESCRIBE, no video) so one nobody watches is known down.
      const health = startCameraHealth({
        cameras: registry,
        dataDir,
        nativeBinding: this.options.logbook?.nativeBinding ?? sqliteNativeBinding(),
        tuning: this.options.health,
      });
      this.health = health;
      // Every method goes through the one permission table (and its audit) before its handler.
      const api: ApiHandlers = compliance.guard({
        'wall.get': ({ display }) => outcomeOf('wall.get', () => this.wallFor(display)),
        'streams.list': () => outcomeOf('streams.list', () => relay.list()),
        ...logbook.handlers(),
        ...wall.handlers(),
        ...compliance.handlers(),
        ...health.handlers,
        ...(room ? room.handlers() : localOnlyRoomHandlers()),
      });
      const server = new LocalServer({
        port: this.options.port ?? 0,
        rendererDir: this.options.rendererDir,
        context: {
          cameras: registry,
          relay,
          api,
          views: compliance.views,
          replay: this.replay ?? undefined,
          siteName: config.site.name,
          workstation: this.workstation,
          problems: this.problems,
          backpressure: { ...DEFAULT_VIDEO_FLOW, ...this.options.backpressure },
          windowClosed: (window) => logbook.windowClosed(window),
        },
        jsonRoutes: {
          '/api/streams': () => relay.list(),
          '/api/sources': () => relay.sourceList(),
          '/api/sessions': () => this.server?.sessionStats() ?? [],
          '/api/diagnostics': () => relay.diagnostics(),
          // Where each camera's credentials come from and why any failed; never a secret.
          '/api/credentials': () => ({ vault: this.vault, cameras: registry.credentialStatus() }),
          // The room link for IT: state and the English reason, never a password.
          '/api/room': () => room?.diagnostics() ?? LOCAL_ONLY_STATUS,
          // Camera health for IT: states, reasons and probe counters, never a URL.
          '/api/camera-health': () => ({ ...health.service.summary(), probes: health.service.stats() }),
          '/api/health': () => ({ ok: true, cameras: registry.all().length, streams: relay.list().length }),
        },
      });
      this.server = server;
      await server.start();
      log.info(`Vigie core listening on ${server.origin} with ${cameras.length} cameras`);
      const { origin, port, token } = server;
      return {
        origin,
        port,
        token,
        wallUrl: (display: number) => `${origin}/?token=${encodeURIComponent(token)}&display=${display}`,
      };
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** The room service of a config with a `room` section; it never stops the core from starting. */
  private startRoom(config: NonNullable<VigieConfig['room']>, logbook: LogbookService): RoomService {
    const room = new RoomService({
      room: config,
      dataDir: this.options.dataDir,
      workstation: this.workstation,
      logbookFile: logbook.databasePath,
      configDir: configDirOf(this.options.configFile),
      cipher: this.options.secretCipher ?? null,
      nativeBinding: this.options.logbook?.nativeBinding ?? sqliteNativeBinding(),
      replication: this.options.roomReplication,
      // One operator list for the room, cached in this seat's logbook for offline logins.
      operators: () => logbook.logbookStore,
      // A room export is recorded in this seat's chain, like a local one.
      recordExport: (method, draw) => logbook.recordExternalExport(method, draw),
      // Another seat's handover taken over here: this seat's chain holds it and the new shift.
      acknowledge: (handover, remark) => logbook.acknowledgeRoomHandover(handover, remark),
    });
    this.room = room;
    // Any seat's new or changed entries: every window is told their ids (never their content).
    room.onChanged((refs) => void this.server?.broadcast({ type: 'room-changed', refs }));
    room.start();
    // A record written locally reaches the room at once, not at the next poll.
    logbook.logbookStore?.chain.onAppended(() => room.kick());
    // Opening a shift after this seat's handover was taken over at another seat (docs/room.md).
    logbook.setTakeoverFinder((handoverId) => room.findTakeover(handoverId));
    return room;
  }

  /**
   * Starts the simulated fleet. If it cannot start (a GStreamer element missing, no Python), the
   * core keeps running — the logbook does not need cameras — and the reason becomes a site
   * problem every window shows, naming what to install, instead of an "unknown" error per tile.
   */
  private async startDemo(
    demo: NonNullable<VigieConfig['demo']>,
  ): Promise<{ cameras: CameraConfig[]; problem: SiteProblem | null }> {
    const placeholders = demoCameras(demo.count, demo.firstNumber, 'rtsp://127.0.0.1:0');
    const { width, height, fps } = demo;
    this.demo = new DemoFleet(demoSpecs(placeholders, { width, height, fps }), this.options.demoFleet);
    try {
      const ports = await this.demo.start();
      return {
        cameras: demoCameras(demo.count, demo.firstNumber, `rtsp://127.0.0.1:${ports.port}`),
        problem: null,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`demo fleet unavailable: ${message}`);
      await this.demo.stop().catch(() => undefined);
      this.demo = null;
      const missing = error instanceof DemoFleetError ? error.missing : [];
      const problem: SiteProblem = missing.length
        ? {
            code: 'demo-missing-elements',
            elements: unique(missing.map((entry) => entry.element)),
            plugins: unique(missing.map((entry) => entry.plugin)),
            packages: unique(missing.map((entry) => entry.package)),
          }
        : { code: 'demo-unavailable', detail: message.slice(0, 2000) };
      this.problems.push(problem);
      return { cameras: placeholders, problem };
    }
  }

  /**
   * The wall a display starts on: the layout metro IT configured for this workstation, else a
   * 2×2 of the cameras in number order (display 2 continues where display 1 ended).
   */
  wallFor(display: number): DisplayWall {
    const configured = this.displays().find((entry) => entry.display === display)?.layout;
    if (configured) return { display, layout: configured };
    const cells = DEFAULT_DEMO_GRID.columns * DEFAULT_DEMO_GRID.rows;
    const ids = (this.registry?.summaries() ?? []).map((camera) => camera.id);
    const tiles = Array.from({ length: cells }, (_, i) => ids[(display - 1) * cells + i] ?? null);
    const layout: Layout = { ...DEFAULT_DEMO_GRID, tiles };
    return { display, layout };
  }

  /** Stops the server, every ffmpeg and the demo RTSP server; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.server?.stop().catch((error: unknown) => log.error(`server stop: ${String(error)}`));
      await this.replay?.stop().catch((error: unknown) => log.error(`replay stop: ${String(error)}`));
      await this.relay?.stop().catch((error: unknown) => log.error(`relay stop: ${String(error)}`));
      await this.health?.service
        .stop()
        .catch((error: unknown) => log.error(`camera health stop: ${String(error)}`));
      await this.demo?.stop().catch((error: unknown) => log.error(`demo stop: ${String(error)}`));
      await this.room?.stop().catch((error: unknown) => log.error(`room stop: ${String(error)}`));
      await this.logbook?.stop().catch((error: unknown) => log.error(`logbook stop: ${String(error)}`));
      await this.compliance?.stop();
      log.info('Vigie core stopped');
    })();
    return this.stopping;
  }
}
