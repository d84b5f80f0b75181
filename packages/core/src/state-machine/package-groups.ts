import { copyShipment, type DistributorShipment, type PackageOf, type Shipment } from '../model/shipment.js';

// Groups of boxes: the recorded packages that carry `packageOf` with the same `ref`. Invariant
// kept by every function here: all boxes of one group carry the same `packageOf` (the group's
// definition: what the distributor order ships in total, and whether it is complete).

/**
 * True when the package is settled with the marketplace: its tracking was pushed, or it was
 * settled without a push because it covers no unit (`trackingPushSkipped`).
 *
 * @param shipment - a recorded package.
 */
export function isTrackingSettled(shipment: Pick<Shipment, 'trackingPushedAt' | 'trackingPushSkipped'>): boolean {
  return shipment.trackingPushedAt !== undefined || shipment.trackingPushSkipped !== undefined;
}

/**
 * True when a box of group `ref` is already settled with the marketplace: the group's units are
 * spoken for, so the group no longer changes (a re-observed definition is ignored, a box that joins
 * later covers nothing).
 *
 * @param shipments - the PO's recorded packages.
 * @param ref - the distributor order of the group.
 */
export function isPackageGroupFrozen(shipments: readonly Shipment[], ref: string): boolean {
  return shipments.some((shipment) => shipment.packageOf?.ref === ref && isTrackingSettled(shipment));
}

/**
 * True when the package waits for the rest of its distributor order: it is a box of a group whose
 * distributor order is not reported complete. Such a package is recorded but covers no unit yet,
 * and is neither pushed nor emailed.
 *
 * @param shipment - a recorded package.
 */
export function awaitsPackageGroup(shipment: Pick<Shipment, 'packageOf'>): boolean {
  return shipment.packageOf !== undefined && !shipment.packageOf.complete;
}

function sameLines(
  left: readonly { sku: string; quantity: number }[] | undefined,
  right: readonly { sku: string; quantity: number }[] | undefined,
): boolean {
  if (left === undefined || right === undefined) return left === right;
  return (
    left.length === right.length &&
    left.every((line, index) => line.sku === right[index]?.sku && line.quantity === right[index]?.quantity)
  );
}

function sameDefinition(left: PackageOf | undefined, right: PackageOf | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  return left.ref === right.ref && left.complete === right.complete && sameLines(left.lines, right.lines);
}

/**
 * The group's definition after a new report: the reported lines (the latest word), complete once
 * either says so (completeness never goes back: a group settled by the SDK's timeout stays settled).
 */
function mergeDefinition(existing: PackageOf | undefined, reported: PackageOf): PackageOf {
  const complete = reported.complete || (existing?.complete ?? false);
  if (sameDefinition(existing, { ...reported, complete })) return existing as PackageOf;
  return { ref: reported.ref, lines: reported.lines, complete };
}

/**
 * Gives every box of group `ref` the definition `definition` (boxes already holding it are kept as
 * they are).
 *
 * @param shipments - the PO's recorded packages.
 * @param ref - the group.
 * @param definition - the new definition.
 */
export function withPackageGroupDefinition(
  shipments: readonly Shipment[],
  ref: string,
  definition: PackageOf,
): Shipment[] {
  return shipments.map((shipment) =>
    shipment.packageOf?.ref !== ref || sameDefinition(shipment.packageOf, definition)
      ? shipment
      : { ...shipment, packageOf: definition },
  );
}

/** The recorded package with its contents replaced: exact `lines`, a `packageOf`, or neither (the rest of the PO). */
function withContents(shipment: Shipment, contents: { lines?: Shipment['lines']; packageOf?: PackageOf }): Shipment {
  const { lines: _lines, packageOf: _packageOf, ...rest } = shipment;
  if (contents.packageOf !== undefined) return { ...rest, packageOf: contents.packageOf };
  if (contents.lines !== undefined) return { ...rest, lines: contents.lines };
  return rest;
}

/**
 * The PO's packages after a distributor reports package `id` (pure; `undefined` when nothing
 * changes):
 * - a new package is appended with `recordedAt`. A box (`packageOf`) joins its group, and the
 *   group takes the reported definition (lines as reported, complete once either says so) unless
 *   the group is frozen (a box already settled): the new box then takes the group's definition as
 *   recorded and is settled at once as covering no unit (`trackingPushSkipped: 'no-units'`),
 *   because the group's units were already told to the marketplace;
 * - a package seen again changes only when `packageOf` is involved (on either side) and the
 *   contents differ: it takes the reported contents and its (new) group the reported definition,
 *   provided neither the package nor a group it leaves or joins is settled with the marketplace.
 *   Packages that only ever listed `lines` keep their first report.
 *
 * @param shipments - the PO's recorded packages, in recorded order.
 * @param reported - the distributor's report of the package.
 * @param id - the package's shipment id (`<poNumber>:<trackingNumber>`).
 * @param at - the instant of the report (ISO 8601).
 */
export function recordPackage(
  shipments: readonly Shipment[],
  reported: DistributorShipment,
  id: string,
  at: string,
): Shipment[] | undefined {
  const index = shipments.findIndex((shipment) => shipment.id === id);
  if (index < 0) {
    const added = copyShipment(reported, id);
    added.recordedAt = at;
    if (reported.packageOf === undefined) return [...shipments, added];
    const ref = reported.packageOf.ref;
    const existing = shipments.find((shipment) => shipment.packageOf?.ref === ref)?.packageOf;
    if (existing !== undefined && isPackageGroupFrozen(shipments, ref)) {
      return [...shipments, { ...added, packageOf: existing, trackingPushSkipped: 'no-units' }];
    }
    const definition = mergeDefinition(existing, reported.packageOf);
    return [...withPackageGroupDefinition(shipments, ref, definition), { ...added, packageOf: definition }];
  }

  const recorded = shipments[index] as Shipment;
  if (recorded.packageOf === undefined && reported.packageOf === undefined) return undefined;
  if (isTrackingSettled(recorded)) return undefined;
  const leaving = recorded.packageOf?.ref;
  const joining = reported.packageOf?.ref;
  if (leaving !== undefined && isPackageGroupFrozen(shipments, leaving)) return undefined;
  if (joining !== undefined && isPackageGroupFrozen(shipments, joining)) return undefined;

  const definition =
    reported.packageOf === undefined
      ? undefined
      : mergeDefinition(
          shipments.find((shipment) => shipment.packageOf?.ref === joining)?.packageOf,
          reported.packageOf,
        );
  const revised = withContents(recorded, {
    ...(reported.lines === undefined ? {} : { lines: reported.lines }),
    ...(definition === undefined ? {} : { packageOf: definition }),
  });
  let next = shipments.slice();
  next[index] = revised;
  if (definition !== undefined) next = withPackageGroupDefinition(next, definition.ref, definition);
  const changed = next.some(
    (shipment, position) =>
      !sameLines(shipment.lines, shipments[position]?.lines) ||
      !sameDefinition(shipment.packageOf, shipments[position]?.packageOf),
  );
  return changed ? next : undefined;
}

/**
 * The PO's packages with group `ref` marked complete (the SDK stops waiting for the distributor to
 * say so); `undefined` when it already is.
 *
 * @param shipments - the PO's recorded packages.
 * @param ref - the group.
 */
export function completePackageGroup(shipments: readonly Shipment[], ref: string): Shipment[] | undefined {
  const definition = shipments.find((shipment) => shipment.packageOf?.ref === ref)?.packageOf;
  if (definition === undefined || definition.complete) return undefined;
  return withPackageGroupDefinition(shipments, ref, { ...definition, complete: true });
}
