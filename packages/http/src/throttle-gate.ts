/** The right to send one request while a {@link ThrottleGate} lets requests through one at a time. */
export interface ThrottleTurn {
  /**
   * Gives the turn back once the request has its answer. When the answer was a throttle, call
   * {@link ThrottleGate.pauseUntil} first, so that the next request waits for the new pause.
   * Releasing twice does nothing.
   */
  release(): void;
}

/**
 * Holds the requests of one credential after the service throttled one of them, then lets them
 * resume one at a time ("probe, then drain"): when the pause ends, one request goes; the next
 * goes only once that one has its answer. A throttled answer starts a new pause, and the request
 * it throttled goes first after it (the wait was sized for that request). The gate opens again
 * when a request got an answer that was not a throttle and nobody is waiting any more.
 *
 * While the gate is open, requests pass without waiting and without a turn.
 */
export interface ThrottleGate {
  /** True from a pause until the queue behind it has drained: requests must {@link enter} first. */
  readonly closed: boolean;
  /** Until when (ms since epoch) nobody is let through; 0 before the first pause. */
  readonly pausedUntil: number;
  /** Requests waiting for a turn. */
  readonly waiting: number;
  /**
   * Closes the gate and holds everyone until `time` (ms since epoch). A shorter pause never
   * shortens a longer one.
   *
   * @param time - the end of the pause.
   */
  pauseUntil(time: number): void;
  /**
   * Waits for a turn: resolves when the pause is over and the request before has its answer (at
   * once, with a turn that holds nothing, when the gate is open). Rejects with the signal's reason when the signal aborts first (the waiter leaves the queue).
   *
   * @param signal - aborts the wait.
   * @param first - queue ahead of the others: a request the service just throttled, whose wait
   *   the pause was sized for.
   */
  enter(signal?: AbortSignal, first?: boolean): Promise<ThrottleTurn>;
}

interface Waiter {
  grant(): void;
}

/**
 * Creates a {@link ThrottleGate}. It keeps one timer, only while a request waits for the end of a
 * pause, so nothing is left behind once the queue is empty or its waiters gave up.
 *
 * @param now - clock in ms since epoch (for tests). Default `Date.now`.
 */
export function createThrottleGate(now: () => number = Date.now): ThrottleGate {
  let closed = false;
  let pausedUntil = 0;
  let probing = false;
  /** Requests the service throttled, to retry first; the latest throttled at the front. */
  const retries: Waiter[] = [];
  /** Requests that have not been sent yet, in arrival order. */
  const arrivals: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The turn of a request that entered an open gate: nothing to give back. */
  const openTurn: ThrottleTurn = { release() {} };

  function clearTimer(): void {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  }

  function newTurn(): ThrottleTurn {
    probing = true;
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        probing = false;
        if (retries.length === 0 && arrivals.length === 0 && now() >= pausedUntil) {
          closed = false;
          return;
        }
        pump();
      },
    };
  }

  /** Hands the turn to the next waiter when the pause is over and nobody holds it. */
  function pump(): void {
    if (probing) return;
    if (retries.length === 0 && arrivals.length === 0) {
      clearTimer();
      return;
    }
    const wait = pausedUntil - now();
    if (wait > 0) {
      clearTimer();
      timer = setTimeout(() => {
        timer = undefined;
        pump();
      }, wait);
      return;
    }
    clearTimer();
    const next = retries.shift() ?? arrivals.shift();
    next?.grant();
  }

  return {
    get closed() {
      return closed;
    },
    get pausedUntil() {
      return pausedUntil;
    },
    get waiting() {
      return retries.length + arrivals.length;
    },
    pauseUntil(time) {
      closed = true;
      if (time <= pausedUntil) return;
      pausedUntil = time;
      // A waiter's timer set for the old end fires early and re-arms itself in pump().
    },
    enter(signal, first = false) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (!closed) return Promise.resolve(openTurn);
      if (!probing && retries.length === 0 && arrivals.length === 0 && now() >= pausedUntil) {
        return Promise.resolve(newTurn());
      }
      return new Promise<ThrottleTurn>((resolve, reject) => {
        const queue = first ? retries : arrivals;
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          if (retries.length === 0 && arrivals.length === 0) clearTimer();
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          grant() {
            signal?.removeEventListener('abort', onAbort);
            resolve(newTurn());
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (first) queue.unshift(waiter);
        else queue.push(waiter);
        pump();
      });
    },
  };
}
