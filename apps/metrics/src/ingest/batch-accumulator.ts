// Joins the records of concurrently handled partitions into one InfluxDB write. BatchConsumer
// hands over one partition's records at a time (several partitions at once); each call waits
// here until the batch that holds its records is stored, so offsets are still committed only
// after the write. A batch closes when it holds `maxItems`, when its first record has waited
// `lingerMs`, or when no record arrived for `idleMs`: the Kafka client fetches again only once
// every partition's records are handled, so after a short quiet spell nothing more is coming
// and waiting out the linger would only add latency.
export interface BatchAccumulatorOptions<T> {
  maxItems: number;
  lingerMs: number;
  idleMs: number;
  /**
   * Writes in flight at once (default 1). Two let the next batch be decoded and prepared while
   * the previous one is written. Batches hold different partitions' records (a partition hands
   * over its next records only once the previous ones are stored), so they never overlap.
   */
  maxInFlight?: number;
  flush: (items: T[]) => Promise<void>;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface OpenBatch<T> {
  items: T[];
  waiters: Waiter[];
  lingerTimer: NodeJS.Timeout | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  due: boolean;
}

export class BatchAccumulator<T> {
  private open: OpenBatch<T> | undefined;
  private inFlight = 0;
  private closing = false;

  constructor(private readonly options: BatchAccumulatorOptions<T>) {}

  /** Resolves once `items` are stored; rejects with the flush's error (the caller retries). */
  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    const batch = (this.open ??= this.newBatch());
    batch.items.push(...items);
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (this.closing || batch.items.length >= this.options.maxItems) {
      this.markDue(batch);
    } else {
      clearTimeout(batch.idleTimer);
      batch.idleTimer = setTimeout(() => this.markDue(batch), this.options.idleMs);
    }
    return done;
  }

  /** From now on every batch is written at once (shutdown: finish the in-flight work quickly). */
  flushNow(): void {
    this.closing = true;
    if (this.open) this.markDue(this.open);
  }

  /** Items waiting for a write (for metrics). */
  pending(): number {
    return this.open?.items.length ?? 0;
  }

  private newBatch(): OpenBatch<T> {
    const batch: OpenBatch<T> = {
      items: [],
      waiters: [],
      lingerTimer: undefined,
      idleTimer: undefined,
      due: false,
    };
    batch.lingerTimer = setTimeout(() => this.markDue(batch), this.options.lingerMs);
    return batch;
  }

  private markDue(batch: OpenBatch<T>): void {
    batch.due = true;
    // A due batch waits while the most writes are in flight, then goes.
    if (this.inFlight < (this.options.maxInFlight ?? 1) && this.open === batch) this.startFlush(batch);
  }

  private startFlush(batch: OpenBatch<T>): void {
    clearTimeout(batch.lingerTimer);
    clearTimeout(batch.idleTimer);
    this.open = undefined;
    this.inFlight++;
    void this.options
      .flush(batch.items)
      .then(
        () => {
          for (const w of batch.waiters) w.resolve();
        },
        (err: unknown) => {
          for (const w of batch.waiters) w.reject(err);
        },
      )
      .finally(() => {
        this.inFlight--;
        const next = this.open;
        if (next?.due) this.startFlush(next);
      });
  }
}
