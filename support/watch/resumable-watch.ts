/**
 * List-then-watch that survives the things real watches do: the server closing the stream,
 * the connection dropping, and "410 Gone" when the resourceVersion we resume from has been
 * compacted away. After a drop it resumes from the last resourceVersion it saw, so no event is
 * missed; after a 410 it lists again and tells the listener that a gap may exist.
 */
import type { ApiStatus } from '../kube/errors.ts';
import { ApiError } from '../kube/errors.ts';

export type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type WatchEvent<T> =
  | { type: ObjectEventType; object: T }
  | { type: 'BOOKMARK'; resourceVersion: string }
  | { type: 'ERROR'; status: ApiStatus };

export interface WatchConnection {
  /** Settles when the stream is over: resolves on a clean end or stop(), rejects on error. */
  ended: Promise<void>;
  stop(): void;
}

export interface WatchSource<T> {
  /** For messages: "pods in namespace init-02-x1y2z". */
  readonly description: string;
  list(): Promise<{ items: T[]; resourceVersion: string }>;
  watch(resourceVersion: string, onEvent: (event: WatchEvent<T>) => void): Promise<WatchConnection>;
  resourceVersionOf(item: T): string;
  /**
   * The timeoutSeconds each watch request asks for: the server ends the stream then, and that end
   * is the watch renewing itself, not a lost connection (a scenario longer than it would
   * otherwise count a drop, which a failure's diagnosis reads as the API server's trouble).
   */
  readonly timeoutSeconds?: number;
}

/** A stream that ends this close to its requested timeout ended because of it. */
const RENEWAL_SLACK_MS = 1_000;

export interface WatchListener<T> {
  /** The result of a list; `relist` is true when it follows a 410 and events may be missing. */
  onList(items: T[], info: { relist: boolean }): void;
  onEvent(type: ObjectEventType, item: T): void;
  /** Reconnects and errors, for the log; the watch keeps going. */
  onNotice?(message: string): void;
}

export interface ResumableWatchOptions {
  /** First delay before retrying after an error; doubles up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

export interface WatchStats {
  connections: number;
  drops: number;
  relists: number;
  errors: string[];
}

export class ResumableWatch<T> {
  private resourceVersion = '';
  private connection: WatchConnection | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  readonly stats: WatchStats = { connections: 0, drops: 0, relists: 0, errors: [] };

  constructor(
    private readonly source: WatchSource<T>,
    private readonly listener: WatchListener<T>,
    private readonly options: ResumableWatchOptions = {},
  ) {}

  /** Lists (a failure here is thrown to the caller), then keeps watching in the background. */
  async start(): Promise<void> {
    await this.list(false);
    this.loopDone = this.loop();
  }

  /** Stops watching; resolves once the background loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.connection?.stop();
    this.wake?.();
    await this.loopDone;
  }

  private async list(relist: boolean): Promise<void> {
    const { items, resourceVersion } = await this.source.list();
    this.resourceVersion = resourceVersion;
    if (relist) this.stats.relists += 1;
    this.listener.onList(items, { relist });
  }

  private async loop(): Promise<void> {
    let retryDelay = this.options.retryDelayMs ?? 250;
    const maxRetryDelay = this.options.maxRetryDelayMs ?? 5_000;
    while (!this.stopped) {
      let expired = false;
      let failure: string | undefined;
      let delivered = 0;
      const openedAt = Date.now();
      try {
        const connection = await this.source.watch(this.resourceVersion, (event) => {
          if (this.stopped) return;
          switch (event.type) {
            case 'ERROR':
              if (event.status.code === 410) expired = true;
              else failure = `watch error ${event.status.code ?? ''} ${event.status.message ?? ''}`.trim();
              this.connection?.stop();
              return;
            case 'BOOKMARK':
              this.resourceVersion = event.resourceVersion;
              return;
            default:
              delivered += 1;
              this.resourceVersion = this.source.resourceVersionOf(event.object) || this.resourceVersion;
              this.listener.onEvent(event.type, event.object);
          }
        });
        this.connection = connection;
        this.stats.connections += 1;
        if (this.stopped) connection.stop();
        if (expired || failure) connection.stop();
        await connection.ended;
      } catch (err) {
        if (err instanceof ApiError && err.code === 410) expired = true;
        else failure = err instanceof Error ? err.message : String(err);
      }
      if (this.stopped) break;
      if (expired) {
        this.listener.onNotice?.(
          `${this.source.description}: resourceVersion ${this.resourceVersion} expired (410 Gone), listing again`,
        );
        try {
          await this.list(true);
          retryDelay = this.options.retryDelayMs ?? 250;
        } catch (err) {
          failure = `relist failed: ${err instanceof Error ? err.message : String(err)}`;
        }
      }
      if (failure) {
        this.stats.errors.push(failure);
        this.listener.onNotice?.(`${this.source.description}: ${failure}; retrying in ${retryDelay} ms`);
        await this.pause(retryDelay);
        retryDelay = Math.min(retryDelay * 2, maxRetryDelay);
      } else if (!expired) {
        const timeout = this.source.timeoutSeconds;
        const renewed = timeout !== undefined && Date.now() - openedAt >= timeout * 1000 - RENEWAL_SLACK_MS;
        if (!renewed) this.stats.drops += 1;
        this.listener.onNotice?.(
          `${this.source.description}: watch ${renewed ? `ended after its ${timeout} s` : 'closed'}, resuming from resourceVersion ${this.resourceVersion}`,
        );
        // A stream that closes at once without delivering anything must not become a hot loop.
        if (delivered === 0) await this.pause(retryDelay);
        else retryDelay = this.options.retryDelayMs ?? 250;
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
