import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenBucket } from './token-bucket.js';

describe('createTokenBucket', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Takes `count` tokens at once and records when each caller is let through. */
  function takeMany(bucket: ReturnType<typeof createTokenBucket>, count: number): number[] {
    const released: number[] = [];
    for (let index = 0; index < count; index += 1) {
      void bucket.take().then(() => {
        released[index] = Date.now();
      });
    }
    return released;
  }

  it('lets a full burst through at once, then one token per interval / requests, in arrival order', async () => {
    const bucket = createTokenBucket({ requests: 2, intervalMs: 1_000, burst: 3 });
    const released = takeMany(bucket, 6);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(released).toEqual([0, 0, 0, 500, 1_000, 1_500]);
  });

  it('refills after a quiet period, never above the burst size', async () => {
    const bucket = createTokenBucket({ requests: 1, intervalMs: 100 });
    takeMany(bucket, 1);
    await vi.advanceTimersByTimeAsync(10_000);
    const released = takeMany(bucket, 3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(released).toEqual([10_000, 10_100, 10_200]);
  });

  it('holds every caller while paused (after a 429 with Retry-After)', async () => {
    const bucket = createTokenBucket({ requests: 10, intervalMs: 100 });
    bucket.pauseUntil(2_000);
    const released = takeMany(bucket, 2);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(released).toEqual([2_000, 2_000]);
  });

  it('rejects a wait when its signal aborts', async () => {
    const bucket = createTokenBucket({ requests: 1, intervalMs: 1_000, burst: 1 });
    await bucket.take();
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createTokenBucket({ requests: 0, intervalMs: 100 })).toThrow(RangeError);
  });
});
