import { parseWith, type RejectionReason, rejectionReasons } from '@dropship/core';
import { type FaultKind, faultKinds } from '@dropship/core/test';
import { z } from 'zod';
import { createTestServer, type TestServer } from '../create-test-server.js';
import type {
  DistributorConformanceHarness,
  DistributorSimulator,
  DistributorSimulatorControls,
} from '../testing-types.js';

/** Every rejection reason of the SDK, in a stable order (core's list, re-exported). */
export { rejectionReasons };

/**
 * What `describeDistributorClient` takes: the harness of `@dropship/testing`, plus what the
 * rejection, distributor-side cancel and price cases (issue 20) need to know. Those cases run when
 * the simulator has the optional controls (`rejectNextOrders`, `cancelOnDistributorSide`,
 * `setPrice`).
 */
export interface DistributorConformanceOptions<Simulator extends DistributorSimulatorControls = DistributorSimulator>
  extends DistributorConformanceHarness<Simulator> {
  /**
   * The reasons the distributor's API can express and the client maps back (`OrderRejectedError.reason`):
   * the rejection case runs once per reason. Default every reason.
   */
  rejectionReasons?: readonly RejectionReason[];
  /**
   * Whether `findOrder` reports why the distributor cancelled on its side (`statusReason`, the
   * `reason` of `cancelledLines`). Default `reported`; `none`: the API gives no reason, and the
   * client must then say `other` or nothing.
   */
  cancelReasons?: 'reported' | 'none';
  /**
   * Whether `checkStock` reports the dealer cost the API answers (`StockLevel.unitCost`). Default
   * `reported`; `none`: the stock call has no price, and `unitCost` must be absent.
   */
  stockPrices?: 'reported' | 'none';
}

/** What a harness declares about its client and simulator, with the defaults applied. */
export interface DistributorHarnessDeclarations {
  /** `checkStock` answers in real time (`stock: 'real-time'`, the default). */
  readonly realTimeStock: boolean;
  /** `findOrder` and `listShipments` ask the distributor (`lookUps: 'remote'`, the default). */
  readonly remoteLookUps: boolean;
  /** Whether the simulator serves a fault of this kind. */
  canInject(kind: FaultKind): boolean;
  /**
   * The read the failure cases break: `checkStock` with real-time stock, else a look-up by PO
   * number that asks the distributor; undefined when no read reaches the distributor.
   */
  readonly remoteRead: 'check-stock' | 'find-order' | undefined;
  /** The rejection reasons the rejection case runs with. */
  readonly rejectionReasons: readonly RejectionReason[];
  /** Whether `findOrder` reports the reason of a distributor-side cancel. */
  readonly reportsCancelReasons: boolean;
  /** Whether `checkStock` reports `unitCost`. */
  readonly reportsStockPrices: boolean;
}

const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

/** The harness's shape: strict, so a misspelt declaration (`lookups`, `fault`) is refused. */
const harnessSchema = z
  .object({
    createSimulator: functionSchema,
    createClient: functionSchema,
    skus: z.array(z.string().min(1)).min(1).readonly().optional(),
    warehouses: z.array(z.string().min(1)).min(1).readonly().optional(),
    secrets: z.array(z.string().min(1)).readonly().optional(),
    stock: z.enum(['real-time', 'none']).default('real-time'),
    lookUps: z.enum(['remote', 'recorded']).default('remote'),
    faults: z.array(z.enum(faultKinds)).readonly().optional(),
    rejectionReasons: z.array(z.enum(rejectionReasons)).min(1).readonly().optional(),
    cancelReasons: z.enum(['reported', 'none']).default('reported'),
    stockPrices: z.enum(['reported', 'none']).default('reported'),
  })
  .strict();

/**
 * Checks a conformance harness and reads its declarations (defaults: real-time stock, remote
 * look-ups, every fault kind, every rejection reason, cancel reasons and stock prices reported).
 *
 * @param harness - what the test file passed to `describeDistributorClient`.
 * @throws `ValidationError` for an unknown key or a bad declaration.
 */
export function readDistributorHarness<Simulator extends DistributorSimulatorControls>(
  harness: DistributorConformanceOptions<Simulator>,
): DistributorHarnessDeclarations {
  const parsed = parseWith(harnessSchema, harness, 'distributor conformance harness');
  const faults = new Set<FaultKind>(parsed.faults ?? faultKinds);
  const realTimeStock = parsed.stock === 'real-time';
  const remoteLookUps = parsed.lookUps === 'remote';
  return {
    realTimeStock,
    remoteLookUps,
    canInject: (kind) => faults.has(kind),
    remoteRead: realTimeStock ? 'check-stock' : remoteLookUps ? 'find-order' : undefined,
    rejectionReasons: parsed.rejectionReasons ?? rejectionReasons,
    reportsCancelReasons: parsed.cancelReasons === 'reported',
    reportsStockPrices: parsed.stockPrices === 'reported',
  };
}

/** Whether a simulator serves its API through MSW handlers. */
export function hasHandlers(simulator: DistributorSimulatorControls): simulator is DistributorSimulator {
  return Array.isArray((simulator as Partial<DistributorSimulator>).handlers);
}

/** The MSW test server of a conformance file, started only for a simulator that has handlers. */
export interface SimulatorServer {
  /** The server (its observed secrets are empty while it never served). */
  readonly server: TestServer;
  /** Serves the simulator's handlers, starting the server at the first simulator that has some. */
  attach(simulator: DistributorSimulatorControls): void;
  /** Stops the server if it was started. */
  close(): void;
}

/**
 * An MSW test server that listens only once a simulator with handlers is attached: a client over
 * SFTP or SMTP runs the suite with no HTTP interception at all.
 */
export function createSimulatorServer(): SimulatorServer {
  const server = createTestServer();
  let listening = false;
  return {
    server,
    attach(simulator) {
      if (!hasHandlers(simulator)) return;
      if (!listening) {
        server.listen();
        listening = true;
      }
      server.resetHandlers(...simulator.handlers);
    },
    close() {
      if (listening) server.close();
      listening = false;
    },
  };
}

/** Lets the simulator's far side act (see `DistributorSimulatorControls.settle`); nothing for an HTTP simulator. */
export async function settle(simulator: DistributorSimulatorControls): Promise<void> {
  await simulator.settle?.();
}
