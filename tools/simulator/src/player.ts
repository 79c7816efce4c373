import { TelemetryClient, type TelemetryOptions } from '@gt/sdk-js';
import { exponential, type Rng } from './random';
import { type Action, newPlayerState, nextAction, type PlayerState } from './scenario';

/** One simulated player: its own SDK client (as each real game instance has), acting at random intervals. */
export class SimulatedPlayer {
  readonly client: TelemetryClient;
  private readonly state: PlayerState = newPlayerState();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    sdk: TelemetryOptions,
    private readonly rng: Rng,
    /** Mean seconds between two actions of this player. */
    private readonly meanGapSeconds: number,
  ) {
    this.client = new TelemetryClient(sdk);
  }

  start(): void {
    this.schedule();
  }

  /** Performs one action now (tests drive players step by step). */
  step(): Action {
    const action = nextAction(this.state, this.rng);
    apply(this.client, action);
    return action;
  }

  async stop(timeoutMs?: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.client.shutdown(timeoutMs);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.step();
        this.schedule();
      },
      exponential(this.rng, this.meanGapSeconds) * 1000,
    );
  }
}

export function apply(client: TelemetryClient, action: Action): void {
  switch (action.kind) {
    case 'session_start':
      client.startSession();
      return;
    case 'session_end':
      client.endSession();
      return;
    case 'design':
      client.track(action.name, action.value);
      return;
    case 'progression':
      client.progression(action.status, action.level, {
        attempt: action.attempt,
        ...(action.score !== undefined ? { score: action.score } : {}),
      });
      return;
    case 'purchase':
      client.purchase({
        currency: action.currency,
        amount: action.amount,
        itemId: action.itemId,
        itemType: action.itemType,
      });
      return;
    case 'error':
      client.error(action.severity, action.message);
      return;
  }
}
