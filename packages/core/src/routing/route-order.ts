import type { StockCandidate } from '../eligibility/evaluate-offer-stock.js';
import type { PlanRun, RoutingSnapshot, TrialScore } from './plan-run.js';
import { landedCost } from './routing-strategies.js';

/**
 * Distributors (not shelf) that may ship every line: those with a candidate on every line that
 * shelf stock cannot serve. In tie-break order.
 */
function distributorsForEveryLine(run: PlanRun): string[] {
  const names: string[] = [];
  let common = -1; // bit set of indexes into `names`
  for (let lineIndex = 0; lineIndex < run.candidates.length; lineIndex++) {
    const candidates = run.candidates[lineIndex] as StockCandidate[];
    let here = 0;
    let hasShelf = false;
    for (let index = 0; index < candidates.length; index++) {
      const candidate = candidates[index] as StockCandidate;
      if (candidate.isShelf) {
        hasShelf = true;
        continue;
      }
      let position = names.indexOf(candidate.distributor);
      if (position < 0) {
        position = names.length;
        names.push(candidate.distributor);
        // More than 31 distributors on one order: fall back to trying each of them.
        if (position >= 31) return sortByTieBreak(run, names.concat(allDistributors(run)));
      }
      here |= 1 << position;
    }
    // Shelf stock may ship this line in any trial: it does not narrow the distributors.
    if (hasShelf) continue;
    common &= here;
    if (common === 0) return [];
  }
  const result: string[] = [];
  for (let position = 0; position < names.length; position++)
    if ((common & (1 << position)) !== 0) result.push(names[position] as string);
  return result.length <= 1 ? result : sortByTieBreak(run, result);
}

function allDistributors(run: PlanRun): string[] {
  const all = new Set<string>();
  for (const candidates of run.candidates)
    for (const candidate of candidates) if (!candidate.isShelf) all.add(candidate.distributor);
  return [...all];
}

/** Distinct distributors in tie-break order (priority, then id); an insertion sort, the list is short. */
function sortByTieBreak(run: PlanRun, distributors: string[]): string[] {
  const rank = run.rules.distributorRank;
  const sorted: string[] = [];
  for (const distributor of distributors) {
    if (sorted.includes(distributor)) continue;
    const distributorRank = rank.get(distributor) ?? Number.MAX_SAFE_INTEGER;
    let position = sorted.length;
    while (position > 0) {
      const previous = sorted[position - 1] as string;
      const previousRank = rank.get(previous) ?? Number.MAX_SAFE_INTEGER;
      if (previousRank < distributorRank || (previousRank === distributorRank && previous < distributor)) break;
      position--;
    }
    sorted.splice(position, 0, distributor);
  }
  return sorted;
}

/** Number of distinct distributors (not shelf) among the allocations, counting up to 2. */
function distributorsUsedUpToTwo(run: PlanRun): number {
  let first: string | undefined;
  for (let index = 0; index < run.allocationCandidates.length; index++) {
    const candidate = run.allocationCandidates[index] as StockCandidate;
    if (candidate.isShelf) continue;
    if (first === undefined) first = candidate.distributor;
    else if (candidate.distributor !== first) return 2;
  }
  return first === undefined ? 0 : 1;
}

function scoreTrial(run: PlanRun, distributor: string): TrialScore {
  let brandRankSum = 0;
  let maxLeadTimeDays = 0;
  let landedTotal = 0;
  let fee = 0;
  for (let index = 0; index < run.allocationCandidates.length; index++) {
    const candidate = run.allocationCandidates[index] as StockCandidate;
    const quantity = run.allocationQuantities[index] as number;
    if (run.rules.brandRank.size > 0) brandRankSum += run.rules.rankBrand(candidate.brand);
    if (candidate.leadTimeDays > maxLeadTimeDays) maxLeadTimeDays = candidate.leadTimeDays;
    landedTotal += landedCost(candidate, quantity) - (candidate.isShelf ? 0 : candidate.dropShipFee);
    if (!candidate.isShelf && candidate.dropShipFee > fee) fee = candidate.dropShipFee;
  }
  return { distributor, brandRankSum, maxLeadTimeDays, landedTotal: landedTotal + fee };
}

function compareTrials(left: TrialScore, right: TrialScore): number {
  return (
    left.brandRankSum - right.brandRankSum ||
    left.maxLeadTimeDays - right.maxLeadTimeDays ||
    left.landedTotal - right.landedTotal ||
    // Trials run in tie-break order: the earlier one wins a full tie.
    0
  );
}

/**
 * Routes every line of a plan run, then applies `rules.singleShipment`: `preferred` moves every
 * line to one distributor when one can ship them all (the best trial wins: brand ranks, then
 * lead time, then landed cost); `required` places nothing unless one can. Returns true when
 * nothing may be placed.
 *
 * @internal
 */
export function route(run: PlanRun): boolean {
  const mode = run.rules.rules.singleShipment;
  const allPlaced = run.routeAll(undefined);
  if (mode === 'none') return false;
  if (distributorsUsedUpToTwo(run) <= 1) {
    // Required: every line or nothing.
    return mode === 'required' && !allPlaced;
  }
  const trialDistributors = distributorsForEveryLine(run);
  if (trialDistributors.length === 0) return mode === 'required';
  const independent = run.snapshot();
  let best: TrialScore | undefined;
  let bestSnapshot: RoutingSnapshot | undefined;
  for (const distributor of trialDistributors) {
    run.reset();
    if (!run.routeAll(distributor)) continue;
    const score = scoreTrial(run, distributor);
    if (best === undefined || compareTrials(score, best) < 0) {
      best = score;
      bestSnapshot = run.snapshot();
    }
  }
  if (bestSnapshot !== undefined) {
    run.restore(bestSnapshot);
    return false;
  }
  run.restore(independent);
  return mode === 'required';
}
