import type { Consent } from './protocol/token.js';
import type { Role } from './protocol/roles.js';
import type { Visit } from './protocol/visit.js';
import type { ControlMessage } from './protocol/control.js';
import { MediaStateRequestSchema } from './protocol/media-state-request.js';
import { JoinedRequestSchema, JoinedResponseSchema } from './protocol/joined.js';
import { throwIfAborted } from './abort.js';
import { isReachable } from './connectivity.js';
import { connectWhileUnrouted } from './room-routing.js';
import { FIRST_CONNECT, connectFirstTime, withWatchdog } from './first-connect.js';
import type { ConnectProgress, FirstConnectPolicy } from './first-connect.js';
import { isRetryableConnectFailure } from './livekit-room.js';
// Types only: e2ee.ts (and livekit-client's key provider) is loaded with import() for privileged visits alone.
import type { E2eeWorkerFactory, VisitEncryption } from './e2ee.js';
import type {
  ConnectivityStatus,
  DeviceChoice,
  DeviceKind,
  InputDeviceChoice,
  VisitClientEvents,
  VisitDevice,
  VisitEndInfo,
  VisitParticipant,
  VisitTrack,
} from './events.js';
import { VisitLifecycle } from './lifecycle.js';
import type { LifecycleAction, LifecycleEvent } from './lifecycle.js';
import { LocalMedia } from './local-media.js';
import { PartyPresence } from './party-presence.js';
import { TokenCache } from './token-cache.js';
import type { FetchedToken, TokenProvider } from './token-fetcher.js';
import { TypedEmitter } from './typed-emitter.js';
import { VisitError } from './visit-error.js';
import { VisitSession, type SessionReports } from './visit-session.js';
import { VisitState } from './visit-state.js';
import type { EndReason, LobbyReason } from './visit-state.js';
import { VisitTime } from './visit-time.js';

/** Options of {@link VisitClient}. Give either `tokenUrl` or `tokenProvider`. */
export interface VisitClientOptions {
  visitId: string;
  /** `POST` JSON `{consent?}` here → `TokenResponse` (see `@visitkit/core/protocol`). */
  tokenUrl?: string;
  /** Alternative to `tokenUrl`; its result is validated like an HTTP answer. */
  tokenProvider?: TokenProvider;
  /** Injectable `fetch` for the token endpoint, `mediaStateUrl` and `joinedUrl` (tests, custom auth headers). */
  fetch?: typeof fetch;
  /**
   * `POST` JSON `{video}` here to tell the others why this person's picture stopped ("audio only", "weak
   * connection"; the adapter's `media-state` route). Default: `tokenUrl` with the `/token` that ends its path
   * replaced by `/media-state` (its query kept); `null` (or a `tokenProvider` without this option) says nothing.
   */
  mediaStateUrl?: string | null;
  /**
   * `POST {}` here as soon as LiveKit answers the join, so the adapter gives this party the others' media before
   * LiveKit's join webhook would (the adapter's `joined` route; it checks what LiveKit lists, and the webhook
   * still grants when this is not called). Default: `tokenUrl` with `/token` replaced by `/joined`; `null` (or a
   * `tokenProvider` without this option) leaves the grant to the webhook — a slower first picture.
   */
  joinedUrl?: string | null;
  /**
   * How long (ms) the first connection of a join keeps trying after network failures before `join()` fails with a
   * retryable `connection-failed` (docs/architecture.md "Client lifecycle"). Default 60 000; `0` makes one attempt.
   * Each attempt is bounded on its own (35 s) whatever this says.
   */
  connectBudgetMs?: number;
  /** Fixed devices (facility kiosks): used instead of the browser's defaults. */
  devices?: InputDeviceChoice;
  logger?: Pick<Console, 'debug' | 'info' | 'warn' | 'error'>;
  /**
   * Creates the media encryption worker of privileged visits. Default: `e2ee-worker.js` next to
   * `@visitkit/core`'s `e2ee.js` (see {@link E2eeWorkerFactory}). Social visits never create it.
   */
  e2eeWorker?: E2eeWorkerFactory;
}

/**
 * One person's side of one visit: devices and preview, token, LiveKit connection, lobby, countdown,
 * control messages, reconnection and every way a visit ends. Renders nothing; the elements (or your
 * own UI) follow its typed events.
 *
 * @example
 * const client = new VisitClient({ tokenUrl: '/api/visitkit/visits/v1/token', visitId: 'v1' });
 * client.on('state', (state, previous) => console.log(previous, '->', state));
 * await client.startPreview();
 * await client.join({ consent });
 * await client.leave();
 */
export class VisitClient {
  readonly visitId: string;
  readonly #log: Pick<Console, 'debug' | 'info' | 'warn' | 'error'>;
  readonly #e2eeWorker: E2eeWorkerFactory | undefined;
  readonly #events: TypedEmitter<VisitClientEvents>;
  /** Aborted when the visit ends: cancels every token fetch, wait and probe still running. */
  readonly #lifetime = new AbortController();
  readonly #media: LocalMedia;
  readonly #tokens: TokenCache;
  readonly #time = new VisitTime();
  readonly #presence = new PartyPresence();
  /** State, lobby reason and link: what each event does is read in lifecycle.ts. */
  readonly #lifecycle: VisitLifecycle;
  #visit: Visit | undefined;
  #role: Role | undefined;
  #identity: string | undefined;
  #connectivity: ConnectivityStatus = 'unknown';
  #audioPlaybackAllowed = true;
  #endInfo: VisitEndInfo | undefined;
  #lastError: VisitError | undefined;
  #session: VisitSession | undefined;
  /** The session being created (a privileged visit first loads its encryption). */
  #sessionPending: Promise<VisitSession> | undefined;
  #consent: Consent | undefined;
  #audioOnly = false;
  readonly #reports: SessionReports;
  /** Whether the camera was on when audio only was chosen, so turning audio only off brings it back. */
  #cameraBeforeAudioOnly = false;
  /** The first connect's attempt running now (from 1); 0 outside it. */
  #connectAttempt = 0;
  #connectProgress: ConnectProgress | undefined;
  readonly #connectPolicy: FirstConnectPolicy;

  constructor(options: VisitClientOptions) {
    this.visitId = options.visitId;
    const budgetMs = options.connectBudgetMs ?? FIRST_CONNECT.budgetMs;
    if (!(Number.isFinite(budgetMs) && budgetMs >= 0))
      throw new RangeError(`VisitClient: connectBudgetMs must be a number of milliseconds ≥ 0, not ${budgetMs}`);
    this.#connectPolicy = { ...FIRST_CONNECT, budgetMs };
    const { visitId, tokenUrl, tokenProvider, fetch } = options;
    this.#tokens = new TokenCache({ visitId, tokenUrl, tokenProvider, fetch });
    this.#log = options.logger ?? console;
    this.#e2eeWorker = options.e2eeWorker;
    this.#reports = partyReports(options);
    this.#events = new TypedEmitter<VisitClientEvents>(this.#listenerFailed);
    this.#lifecycle = new VisitLifecycle({
      state: (next, previous) => {
        this.#time.handleState(next);
        this.#events.emit('state', next, previous);
      },
      lobby: (reason) => this.#events.emit('lobby', reason),
      decidePresence: () => this.#presence.decide(this.#role, this.participants, this.#visit),
      log: this.#log,
    });
    this.#media = new LocalMedia(options.devices);
    this.#media.events.on('local-tracks', () => {
      this.#events.emit('local-tracks', this.localTracks);
      this.#session?.refresh();
    });
    this.#media.events.on('devices', (devices) => this.#events.emit('devices', devices));
    this.#presence.events.on('grace-over', () => this.#dispatch({ type: 'presence-changed' }));
    this.#time.events.on('time', (time) => this.#events.emit('time', time));
    this.#time.events.on('warning', (secondsLeft) => this.#events.emit('warning', { secondsLeft, source: 'clock' }));
    this.#time.events.on('ended', () => this.#dispatch({ type: 'clock-ended' }));
  }

  /**
   * Whether this browser can encrypt media end to end, which privileged visits require (otherwise `join()`
   * rejects with `e2ee-unsupported`). Loads the encryption module, not the worker.
   */
  static async e2eeSupported(): Promise<boolean> {
    return (await import('./e2ee.js')).e2eeSupported();
  }

  // ---- read-only state -------------------------------------------------------------------------

  get state(): VisitState {
    return this.#lifecycle.state;
  }
  get visit(): Visit | undefined {
    return this.#visit;
  }
  get role(): Role | undefined {
    return this.#role;
  }
  get identity(): string | undefined {
    return this.#identity;
  }
  get participants(): readonly VisitParticipant[] {
    return this.#session?.participants ?? [];
  }
  get localTracks(): { camera: VisitTrack | undefined; microphone: VisitTrack | undefined } {
    return this.#media.localTracks;
  }
  get lobbyReason(): LobbyReason | undefined {
    return this.#lifecycle.lobbyReason;
  }
  get timeLeftMs(): number | undefined {
    return this.#time.timeLeftMs;
  }
  get untilStartMs(): number | undefined {
    return this.#time.untilStartMs;
  }
  get devices(): readonly VisitDevice[] {
    return this.#media.devices;
  }
  get selectedDevices(): DeviceChoice {
    return this.#media.selected;
  }
  get connectivity(): ConnectivityStatus {
    return this.#connectivity;
  }
  /** From the track itself once there is one: a monitor's server-side mute shows here too. */
  get micEnabled(): boolean {
    return this.#media.micEnabled;
  }
  /** `false` without a camera (audio-only) or while it is off. */
  get cameraEnabled(): boolean {
    return this.#media.cameraEnabled;
  }
  get audioPlaybackAllowed(): boolean {
    return this.#audioPlaybackAllowed;
  }
  get endInfo(): VisitEndInfo | undefined {
    return this.#endInfo;
  }
  get lastError(): VisitError | undefined {
    return this.#lastError;
  }
  /** Whether the local user chose audio only (no video sent or received); see {@link VisitClient.setAudioOnly}. */
  get audioOnly(): boolean {
    return this.#audioOnly;
  }
  /**
   * Why a join is still connecting and which attempt runs (a slow attempt, LiveKit restarting the connection it was
   * setting up, a retry after a failed one); `undefined` while connecting normally and outside `connecting`.
   */
  get connectProgress(): ConnectProgress | undefined {
    return this.#connectProgress;
  }
  /** Whether this visit's media is end-to-end encrypted (privileged visits, once connecting). */
  get encrypted(): boolean {
    return this.#session?.encrypted ?? false;
  }

  // ---- events ----------------------------------------------------------------------------------

  /** Listens to one typed event; returns the unsubscribe function. */
  on<E extends keyof VisitClientEvents>(event: E, listener: VisitClientEvents[E]): () => void {
    return this.#events.on(event, listener);
  }

  off<E extends keyof VisitClientEvents>(event: E, listener: VisitClientEvents[E]): void {
    this.#events.off(event, listener);
  }

  // ---- prejoin ---------------------------------------------------------------------------------

  /** Lists cameras, microphones and speakers. Never prompts for permission. */
  listDevices(): Promise<readonly VisitDevice[]> {
    return this.#media.listDevices();
  }

  /**
   * Acquires camera and microphone for the preview (`idle`/`failed` → `prejoin`); the same tracks are
   * published on join. Also starts the connectivity check in the background. Without a camera the
   * preview is audio-only; a blocked or busy device fails with a retryable `VisitError`.
   */
  async startPreview(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.#dispatch({ type: 'preview-requested' }).type === 'refused') {
      throw VisitError.invalidState('start the preview', this.state);
    }
    const signal = this.#signal(options.signal);
    void this.checkConnectivity();
    try {
      await this.#media.acquire(signal);
    } catch (error) {
      if (this.state === VisitState.Ended) throw VisitError.aborted();
      throw this.#fail(error);
    }
    // Labels are visible now that access was granted: list them before the preview screen renders.
    await this.listDevices().catch((error: unknown) => this.#log.warn('[visitkit] listing devices failed', error));
  }

  /** Stops the preview tracks (`prejoin` → `idle`). */
  async stopPreview(): Promise<void> {
    if (this.state !== VisitState.Prejoin) return;
    this.#media.stop();
    this.#dispatch({ type: 'preview-stopped' });
  }

  /** Switches camera, microphone or speaker, in preview or mid-visit. */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    if (kind === 'audiooutput') {
      this.#media.selectAudioOutput(deviceId);
      await this.#session?.switchAudioOutput(deviceId);
      return;
    }
    await this.#media.switchDevice(kind, deviceId).catch(this.#rethrow);
  }

  async setMicrophoneEnabled(enabled: boolean): Promise<void> {
    await this.#media.setEnabled('microphone', enabled).catch(this.#rethrow);
  }

  /** Turns the camera on or off; turning it on while in audio only leaves audio only (video is received again). */
  async setCameraEnabled(enabled: boolean): Promise<void> {
    if (enabled && this.#audioOnly) this.#leaveAudioOnly();
    await this.#media.setEnabled('camera', enabled).catch(this.#rethrow);
  }

  /**
   * Audio only, for a weak connection or by choice, at any time (before joining too): stops sending the camera
   * and receiving the others' video; the others' tiles say "Audio only" and name who chose it. Turned off, the
   * camera comes back on if it was on before, and remote video is received again. `participants` fires.
   *
   * @example
   * await client.setAudioOnly(true);
   */
  async setAudioOnly(on: boolean): Promise<void> {
    if (on === this.#audioOnly) return;
    if (!on) {
      const cameraWasOn = this.#cameraBeforeAudioOnly;
      this.#leaveAudioOnly();
      if (cameraWasOn) await this.#media.setEnabled('camera', true).catch(this.#rethrow);
      return;
    }
    this.#cameraBeforeAudioOnly = this.#media.cameraEnabled;
    this.#audioOnly = true;
    this.#session?.setAudioOnly(true);
    await this.#media.setEnabled('camera', false).catch(this.#rethrow);
  }

  #leaveAudioOnly(): void {
    this.#audioOnly = false;
    this.#cameraBeforeAudioOnly = false;
    this.#session?.setAudioOnly(false);
  }

  /** Microphone level (0..1) for the prejoin meter. */
  getMicrophoneLevel(): number {
    return this.#media.level();
  }

  /**
   * Checks, before Join, that the token endpoint answers and LiveKit is reachable, and warms the LiveKit
   * connection. A token is fetched early (without consent) and reused on Join; when the server first
   * wants consent (428) or the visit is not open yet, only the token endpoint is checked and Join fetches
   * the token. Fetching a token joins nothing: the visit starts when the room is connected.
   */
  async checkConnectivity(): Promise<ConnectivityStatus> {
    if (this.state === VisitState.Ended) return this.#connectivity;
    this.#setConnectivity('checking');
    const token = await this.#tokens.prefetch(this.#lifetime.signal);
    let status: ConnectivityStatus;
    if (token) {
      const url = token.response.server_url;
      // Warming needs the session; a browser that cannot encrypt a privileged visit gets none (join says why).
      this.#ensureSession(token)
        .then((session) => session.prepare(url, token.response.participant_token))
        .catch(() => {});
      status = (await isReachable(url, this.#lifetime.signal)) ? 'ok' : 'unreachable';
    } else {
      // Refused (consent, window) means the endpoint answered; only a network failure is unreachable.
      status = this.#tokens.prefetchError?.code === 'server-unreachable' ? 'unreachable' : 'ok';
    }
    if (!this.#lifetime.signal.aborted) this.#setConnectivity(status);
    return status;
  }

  // ---- join ------------------------------------------------------------------------------------

  /**
   * Joins the visit: token (with consent) → lobby until `startsAt` → connect and publish the preview
   * tracks → `live`, or `lobby` while the other party is absent. Rejects with a typed `VisitError`;
   * the state is then `failed` and `join()` may be called again.
   */
  async join(options: { consent?: Consent; signal?: AbortSignal } = {}): Promise<void> {
    const from = this.state;
    if (this.#dispatch({ type: 'join-requested' }).type === 'refused') throw VisitError.invalidState('join', from);
    const signal = this.#signal(options.signal);
    if (options.consent) this.#consent = options.consent;
    try {
      const token = await this.#tokens.forJoin(this.#consent, signal);
      this.#applyToken(token);
      // Monitors observe: nothing is published, so nothing is kept open.
      if (this.#role === 'monitor') this.#media.stop();
      else await this.#media.acquire(signal);
      this.#dispatch({ type: 'token-received', untilStartMs: this.#time.untilStartMs });
      if (this.state === VisitState.Lobby) await this.#waitInLobby(signal);
      await this.#connect(token, signal);
    } catch (error) {
      if (this.state === VisitState.Ended || signal.aborted) throw VisitError.aborted();
      await this.#disposeSession();
      // LiveKit would not connect with this token (refused it, or every attempt failed): Try again asks for a new one.
      if (error instanceof VisitError && error.code === 'connection-failed') this.#tokens.discard();
      throw this.#fail(error);
    }
  }

  #applyToken(token: FetchedToken): void {
    this.#role = token.response.role;
    this.#identity = token.response.participant_identity;
    this.#session?.setRole(this.#role);
    this.#setVisit(token.response.visit);
    this.#time.start(token.response.visit, token.clock);
  }

  /** In the lobby before `startsAt`: waits for the server clock to reach it. */
  async #waitInLobby(signal: AbortSignal): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const off = this.#time.events.on('started', () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        off();
        reject(VisitError.aborted());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    if (this.#dispatch({ type: 'visit-started' }).type === 'refused') throw VisitError.aborted();
  }

  /**
   * The first connection of a join, bounded and retried (first-connect.ts): each attempt after a failed one gets a
   * fresh session (a room whose connect failed or timed out is closed, never reused), and a long wait is reported
   * as `connect-progress`.
   */
  async #connect(token: FetchedToken, signal: AbortSignal): Promise<void> {
    const { server_url: url, participant_token: jwt } = token.response;
    let session = await this.#ensureSession(token);
    try {
      await connectFirstTime({
        signal,
        policy: this.#connectPolicy,
        retryable: isRetryableConnectFailure,
        onProgress: (progress) => this.#setConnectProgress(progress),
        connect: async (attempt, attemptSignal) => {
          if (attempt > 1) {
            await this.#disposeSession();
            session = await this.#ensureSession(token);
          }
          this.#connectAttempt = attempt;
          // A LiveKit cluster that lost its room routing (Redis restarted) refuses joins for a few seconds: wait it out.
          await connectWhileUnrouted(
            () =>
              withWatchdog(
                (watched) => session.connect(url, jwt, watched),
                attemptSignal,
                FIRST_CONNECT.attemptTimeoutMs,
              ),
            attemptSignal,
            (unrouted, waitMs) =>
              this.#log.warn(
                `[visitkit] LiveKit does not know the room yet; join attempt ${unrouted + 1} in ${waitMs} ms`,
              ),
          );
        },
      });
    } finally {
      this.#connectAttempt = 0;
      this.#setConnectProgress(undefined);
    }
    throwIfAborted(signal);
    // Publish the preview tracks right away; remote tracks are already being subscribed in parallel.
    const publishing = session.publish(this.#media.tracks);
    this.#dispatch({ type: 'room-connected' });
    try {
      await publishing;
    } catch (error) {
      this.#reportError(
        new VisitError('connection-failed', 'Could not send your camera or microphone.', {
          cause: error,
          retryable: true,
        }),
      );
    }
  }

  // ---- live ------------------------------------------------------------------------------------

  /** Unlocks remote audio blocked by the browser's autoplay policy; call it from a click or tap. */
  async startAudio(): Promise<void> {
    await this.#session?.startAudio();
    this.#setAudioPlayback(this.#session?.audioPlaybackAllowed ?? true);
  }

  /** Leaves the visit (→ `ended` with reason `left`). Stops every track and timer; idempotent. */
  async leave(): Promise<void> {
    await this.#perform(this.#lifecycle.handle({ type: 'leave-requested' }));
  }

  // ---- internals -------------------------------------------------------------------------------

  /** Hands an event to the lifecycle and starts what it asks for; the returned action says whether it was refused. */
  #dispatch(event: LifecycleEvent): LifecycleAction {
    const action = this.#lifecycle.handle(event);
    void this.#perform(action);
    return action;
  }

  async #perform(action: LifecycleAction): Promise<void> {
    switch (action.type) {
      case 'none':
      case 'refused':
        return;
      case 'end':
        await this.#end(action.reason, action.message);
        return;
      case 'recover':
        await this.#recover();
        return;
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  }

  /**
   * The session for this token's visit, created on first use. A privileged visit's session encrypts everything
   * it publishes; when that is impossible (no key, a browser without E2EE support) this throws, so nothing is
   * ever published in the clear.
   */
  #ensureSession(token: FetchedToken): Promise<VisitSession> {
    if (this.#session) return Promise.resolve(this.#session);
    this.#sessionPending ??= this.#createSession(token).finally(() => (this.#sessionPending = undefined));
    return this.#sessionPending;
  }

  async #createSession(token: FetchedToken): Promise<VisitSession> {
    const encryption = await this.#encryptionFor(token);
    if (this.#lifetime.signal.aborted) {
      encryption?.dispose();
      throw VisitError.aborted();
    }
    const session = new VisitSession(this.#role, this.#listenerFailed, encryption, {
      ...this.#reports,
      log: this.#log,
    });
    if (this.#audioOnly) session.setAudioOnly(true);
    session.events.on('encryption-error', () => {
      this.#log.warn('[visitkit] end-to-end encryption error');
      this.#events.emit('encryption-error');
    });
    session.events.on('participants', (participants, { joined, left }) => {
      for (const participant of joined) this.#events.emit('participant-joined', participant);
      for (const participant of left) this.#events.emit('participant-left', participant);
      this.#media.handleRemoteChange();
      this.#events.emit('participants', participants);
      this.#dispatch({ type: 'presence-changed' });
    });
    session.events.on('control', (message) => this.#onControl(message));
    session.events.on('protocol-error', (info) => {
      this.#log.warn(`[visitkit] control message rejected: ${info.reason}`);
      this.#events.emit('protocol-error', info);
    });
    session.events.on('visit', (visit) => {
      this.#setVisit(visit);
      this.#dispatch({ type: 'presence-changed' });
    });
    session.events.on('monitor-presence', (present) => {
      if (this.#presence.handleMonitorPresence(present)) this.#dispatch({ type: 'presence-changed' });
    });
    session.events.on('audio-playback', (allowed) => this.#setAudioPlayback(allowed));
    session.events.on('reconnecting', () => {
      // LiveKit restarting a room it has not finished connecting is still the first connect: say so, wait for it.
      if (this.#connectAttempt > 0) this.#setConnectProgress({ attempt: this.#connectAttempt, reason: 'interrupted' });
      this.#dispatch({ type: 'room-reconnecting' });
    });
    session.events.on('reconnected', () => this.#dispatch({ type: 'room-reconnected' }));
    session.events.on('disconnected', (cause) => {
      // A room closed for good (join failed, recovery replaced it) has nothing more to say.
      if (session === this.#session)
        this.#dispatch({ type: 'room-disconnected', cause, timeLeftMs: this.#time.timeLeftMs });
    });
    this.#session = session;
    return session;
  }

  async #encryptionFor(token: FetchedToken): Promise<VisitEncryption | undefined> {
    const { visit, e2ee_key: key } = token.response;
    if (visit.kind !== 'privileged') return undefined;
    if (!key) throw new VisitError('invalid-response', 'The server sent no end-to-end key for this privileged visit.');
    // Loaded only here: a social visit (and the CDN bundle's first load) carries none of the encryption code.
    const { createVisitEncryption, e2eeSupported } = await import('./e2ee.js');
    if (!e2eeSupported()) throw VisitError.e2eeUnsupported();
    return createVisitEncryption(key, this.#e2eeWorker);
  }

  async #disposeSession(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (!session) return;
    try {
      await session.dispose();
    } catch (error) {
      this.#log.warn('[visitkit] closing the room failed', error);
    }
  }

  /** LiveKit gave up reconnecting (often because its token expired): one more try with a fresh token. */
  async #recover(): Promise<void> {
    const signal = this.#lifetime.signal;
    try {
      await this.#disposeSession();
      this.#media.release(); // LiveKit stops local tracks when it disconnects; start fresh ones.
      const token = await this.#tokens.fresh(this.#consent, signal);
      this.#applyToken(token);
      if (this.#role === 'monitor') this.#media.stop();
      else await this.#media.acquire(signal);
      const session = await this.#ensureSession(token);
      const { server_url: url, participant_token: jwt } = token.response;
      // Bounded like a first connect: a recovery that never settles would leave the visit reconnecting forever.
      await withWatchdog((watched) => session.connect(url, jwt, watched), signal, FIRST_CONNECT.attemptTimeoutMs);
      await session.publish(this.#media.tracks);
      this.#dispatch({ type: 'recovery-succeeded' });
    } catch (error) {
      if (signal.aborted) return;
      this.#log.warn('[visitkit] recovery failed', error);
      await this.#perform(this.#lifecycle.handle({ type: 'recovery-failed' }));
    }
  }

  #onControl(message: ControlMessage): void {
    switch (message.type) {
      case 'warning':
        if (this.#time.markWarned(message.secondsLeft)) {
          this.#events.emit('warning', { secondsLeft: message.secondsLeft, source: 'server' });
        }
        return;
      case 'announcement':
        this.#events.emit(
          'announcement',
          message.message === undefined ? { code: message.code } : { code: message.code, message: message.message },
        );
        return;
      case 'ending':
        this.#dispatch({
          type: 'ending-announced',
          notice:
            message.message === undefined
              ? { reason: message.reason }
              : { reason: message.reason, message: message.message },
        });
        return;
      case 'mute-request':
        this.#events.emit('mute-request', { track: message.track });
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  #setVisit(visit: Visit): void {
    if (this.#visit && JSON.stringify(this.#visit) === JSON.stringify(visit)) return;
    this.#visit = visit;
    if (this.#tokens.current) this.#time.start(visit);
    this.#events.emit('visit', visit);
  }

  #setConnectivity(status: ConnectivityStatus): void {
    if (this.#connectivity === status) return;
    this.#connectivity = status;
    this.#events.emit('connectivity', status);
  }

  #setConnectProgress(progress: ConnectProgress | undefined): void {
    if (this.#connectProgress === progress) return;
    this.#connectProgress = progress;
    if (progress) this.#log.info(`[visitkit] still connecting (attempt ${progress.attempt}, ${progress.reason})`);
    this.#events.emit('connect-progress', progress);
  }

  #setAudioPlayback(allowed: boolean): void {
    if (this.#audioPlaybackAllowed === allowed) return;
    this.#audioPlaybackAllowed = allowed;
    this.#events.emit('audio-playback', allowed);
  }

  #listenerFailed = (error: unknown): void => this.#log.error('[visitkit] listener failed', error);

  #rethrow = (error: unknown): never => {
    throw this.#reportError(error);
  };

  /** A signal that fires when the caller's does or when the visit ends. */
  #signal(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.#lifetime.signal]) : this.#lifetime.signal;
  }

  #reportError(error: unknown): VisitError {
    const visitError =
      error instanceof VisitError ? error : new VisitError('device-failed', 'Something went wrong.', { cause: error });
    this.#lastError = visitError;
    this.#events.emit('error', visitError);
    return visitError;
  }

  /** A failure before the visit went live: `failed`, from which the user may retry. */
  #fail(error: unknown): VisitError {
    const visitError =
      error instanceof VisitError
        ? error
        : new VisitError('connection-failed', 'Could not join the visit.', { cause: error, retryable: true });
    this.#lastError = visitError;
    this.#events.emit('error', visitError);
    this.#dispatch({ type: 'setup-failed' });
    return visitError;
  }

  /** Every end path: stop tracks, timers and probes, close the room, then drop every listener. */
  async #end(reason: EndReason, message?: string): Promise<void> {
    if (this.state === VisitState.Ended) return;
    this.#lifetime.abort();
    this.#presence.dispose();
    this.#time.dispose();
    this.#media.dispose();
    const closing = this.#disposeSession();
    this.#endInfo = {
      reason,
      liveDurationMs: this.#time.liveMs,
      endedAt: new Date(),
      ...(message === undefined ? {} : { message }),
    };
    this.#dispatch({ type: 'ended' });
    this.#events.emit('ended', this.#endInfo);
    this.#events.removeAllListeners();
    await closing;
  }
}

/**
 * The party routes a session reports to: `media-state` ({@link VisitClientOptions.mediaStateUrl}) and `joined`
 * ({@link VisitClientOptions.joinedUrl}), each by default the token URL's sibling; absent when there is no URL.
 */
function partyReports(options: VisitClientOptions): SessionReports {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const poster = (route: 'media-state' | 'joined', explicit: string | null | undefined) => {
    const url = explicit === undefined ? options.tokenUrl?.replace(/\/token(?=$|[?#])/, `/${route}`) : explicit;
    if (!url || url === options.tokenUrl) return undefined;
    return async (body: unknown): Promise<Response> => {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(`${route} answered ${response.status}`);
      return response;
    };
  };
  const media = poster('media-state', options.mediaStateUrl);
  const joined = poster('joined', options.joinedUrl);
  return {
    media: media && (async (video) => void (await media(MediaStateRequestSchema.parse({ video })))),
    joined:
      joined &&
      (async () => {
        const response = await joined(JoinedRequestSchema.parse({}));
        // Validated only: a malformed answer is reported (debug log) like a failed call; LiveKit itself tells the
        // client its new permission.
        JoinedResponseSchema.parse(await response.json());
      }),
  };
}
