import { describe, expect, it } from 'vitest';
import calibrationJson from '../src/recognition/default-calibration.json' with { type: 'json' };
import type { Calibration } from '../src/database/format.js';
import {
  candidateConfidences,
  maxImpostorGumbel,
  openSetConfidences,
  openSetTier,
  posteriors,
  STRANGER_RATE,
} from '../src/recognition/calibration.js';

const shipped = calibrationJson as unknown as Calibration;
const legacy: Calibration = { ...shipped, open_set: undefined };

describe('confidence calibration', () => {
  it('a manifest without the open-set model keeps the likelihood-ratio posterior', () => {
    const llrs = [14, 3, -2];
    expect(candidateConfidences(legacy, 'full', 'face', llrs, 3000)).toEqual(posteriors(legacy, llrs, 3000));
  });

  it('ships an open-set model for every template tier, for single faces and for persons', () => {
    const tiers = shipped.open_set!.tiers;
    for (const tier of ['full', 32, 24, 16] as const) expect(openSetTier(shipped, tier, 'face')?.size_tier).toBe(tier);
    expect(openSetTier(shipped, 24, 'person')).toBeDefined();
    // Nearest numeric tier for a width in between; `full` for full size.
    expect(openSetTier(shipped, 20, 'face')?.size_tier).toBe(tiers.find((t) => t.size_tier === 24 && t.evidence === 'face') ? 24 : 16);
    expect(openSetTier(shipped, 'full', 'face')?.size_tier).toBe('full');
  });

  it('the best impostor among N grows with N and its spread shrinks', () => {
    const params = openSetTier(shipped, 'full', 'face')!;
    const [a, b, c] = [300, 3000, 100000].map((n) => maxImpostorGumbel(params, n));
    expect(b.location).toBeGreaterThan(a.location);
    expect(c.location).toBeGreaterThan(b.location);
    expect(c.scale).toBeLessThanOrEqual(a.scale);
  });

  it('confidence rises with the score, falls with the database size, and stays high for a typical match', () => {
    const params = openSetTier(shipped, 'full', 'face')!;
    const prior = shipped.prior_enrolled;
    const conf = (score: number, n: number) => openSetConfidences(params, prior, [score], n)[0];
    const typical = params.genuine.location;
    for (const n of [300, 3000, 100000]) {
      expect(conf(typical + 1, n)).toBeGreaterThan(conf(typical - 1, n));
      // Far above the genuine mean the confidence never drops (the density is held at its mode).
      expect(conf(typical + 10, n)).toBeGreaterThanOrEqual(conf(typical, n));
    }
    expect(conf(typical, 300)).toBeGreaterThan(conf(typical, 100000));
    expect(conf(typical, 3000)).toBeGreaterThan(0.9);
    // A score at the typical best impostor of 3,000 performers is no name.
    expect(conf(maxImpostorGumbel(params, 3000).location, 3000)).toBeLessThan(0.5);
  });

  it('candidates share the probability: the confidences sum to at most 1', () => {
    const params = openSetTier(shipped, 'full', 'face')!;
    const c = openSetConfidences(params, shipped.prior_enrolled, [params.genuine.location, params.genuine.location - 0.1, 0], 3000);
    expect(c[0] + c[1] + c[2]).toBeLessThanOrEqual(1 + 1e-12);
    expect(c[0]).toBeGreaterThan(c[1]);
    expect(c[0]).toBeLessThan(0.6); // two near-equal candidates: neither is sure
  });

  it('the default threshold names at most 1% of strangers whatever the database size, in every tier', () => {
    const prior = shipped.prior_enrolled;
    for (const params of shipped.open_set!.tiers) {
      for (const n of [30, 300, 3000, 100000, 1000000]) {
        const conf = (score: number) => openSetConfidences(params, prior, [score], n)[0];
        // The lowest score named at 0.5 (confidence rises with the score), then the chance a stranger's best
        // impostor among n reaches it under the fitted Gumbel.
        let lo = -50, hi = 50;
        for (let i = 0; i < 100; i++) {
          const mid = (lo + hi) / 2;
          if (conf(mid) >= 0.5) hi = mid;
          else lo = mid;
        }
        const { location, scale } = maxImpostorGumbel(params, n);
        const strangersNamed = -Math.expm1(-Math.exp(-(hi - location) / scale));
        expect(strangersNamed, `${params.evidence} ${params.size_tier} at ${n}`).toBeLessThanOrEqual(STRANGER_RATE * 1.001);
      }
    }
  });

  it('the stranger guard lowers confidences where strangers still reach the score: a typical match keeps its posterior', () => {
    const params = openSetTier(shipped, 'full', 'face')!;
    const prior = shipped.prior_enrolled;
    for (const n of [300, 3000]) {
      const score = params.genuine.location;
      expect(openSetConfidences(params, prior, [score], n)[0]).toBeCloseTo(openSetConfidences(params, prior, [score], n, false)[0], 2);
    }
    // At 100,000 performers a score the bare posterior calls a name (>= 0.5) but that more than 1% of strangers reach is capped under it.
    const capped = maxImpostorGumbel(params, 100000).location + 4 * maxImpostorGumbel(params, 100000).scale;
    expect(openSetConfidences(params, prior, [capped], 100000, false)[0]).toBeGreaterThanOrEqual(0.5);
    expect(openSetConfidences(params, prior, [capped], 100000)[0]).toBeLessThan(0.5);
  });
});
