import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottleGate, type ThrottleTurn } from './throttle-gate.js';

describe('createThrottleGate', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Enters the gate and records when the turn is granted. */
  function enter(gate: ReturnType<typeof createThrottleGate>, first = false, signal?: AbortSignal) {
    const entry: { grantedAt?: number; turn?: ThrottleTurn; error?: unknown } = {};
    gate.enter(signal, first).then(
      (turn) => {
        entry.grantedAt = Date.now();
        entry.turn = turn;
      },
      (error: unknown) => {
        entry.error = error;
      },
    );
    return entry;
  }

  it('lets everyone through at once while open', async () => {
    const gate = createThrottleGate();
    const entries = [enter(gate), enter(gate), enter(gate)];
    await vi.advanceTimersByTimeAsync(0);
    expect(gate.closed).toBe(false);
    expect(entries.map((entry) => entry.grantedAt)).toEqual([0, 0, 0]);
  });

  it('holds everyone until the pause ends, then lets them through one answer at a time', async () => {
    const gate = createThrottleGate();
    gate.pauseUntil(100);
    const entries = [enter(gate), enter(gate), enter(gate)];
    await vi.advanceTimersByTimeAsync(99);
    expect(entries.map((entry) => entry.grantedAt)).toEqual([undefined, undefined, undefined]);

    await vi.advanceTimersByTimeAsync(1);
    expect(entries.map((entry) => entry.grantedAt)).toEqual([100, undefined, undefined]);
    // The second waits for the first one's answer, however long it takes.
    await vi.advanceTimersByTimeAsync(50);
    expect(entries[1]?.grantedAt).toBeUndefined();
    entries[0]?.turn?.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(entries.map((entry) => entry.grantedAt)).toEqual([100, 150, undefined]);
    entries[1]?.turn?.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(entries[2]?.grantedAt).toBe(150);
    expect(gate.closed).toBe(true);
    entries[2]?.turn?.release();
    expect(gate.closed).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after a throttled answer, pauses again and lets the throttled request go first', async () => {
    const gate = createThrottleGate();
    gate.pauseUntil(100);
    const probe = enter(gate);
    const waiting = enter(gate);
    await vi.advanceTimersByTimeAsync(100);
    expect(probe.grantedAt).toBe(100);
    // The probe is throttled again: a new pause, then it retries ahead of the one that waited.
    gate.pauseUntil(300);
    probe.turn?.release();
    const retry = enter(gate, true);
    await vi.advanceTimersByTimeAsync(199);
    expect(retry.grantedAt).toBeUndefined();
    expect(waiting.grantedAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(retry.grantedAt).toBe(300);
    expect(waiting.grantedAt).toBeUndefined();
    retry.turn?.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.grantedAt).toBe(300);
  });

  it('never shortens a pause, and keeps the gate closed for a probe after a pause nobody waited for', async () => {
    const gate = createThrottleGate();
    gate.pauseUntil(200);
    gate.pauseUntil(50);
    expect(gate.pausedUntil).toBe(200);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(gate.closed).toBe(true);
    const probe = enter(gate);
    const next = enter(gate);
    await vi.advanceTimersByTimeAsync(0);
    expect(probe.grantedAt).toBe(300);
    expect(next.grantedAt).toBeUndefined();
    probe.turn?.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(next.grantedAt).toBe(300);
  });

  it('releases an aborted waiter with the signal reason and leaves no timer behind', async () => {
    const gate = createThrottleGate();
    gate.pauseUntil(1_000);
    const controller = new AbortController();
    const aborted = enter(gate, false, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(aborted.error).toBe(reason);
    expect(gate.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await expect(gate.enter(controller.signal)).rejects.toBe(reason);

    // The others still get their turn when the pause ends.
    const other = enter(gate);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(other.grantedAt).toBe(1_000);
  });
});
