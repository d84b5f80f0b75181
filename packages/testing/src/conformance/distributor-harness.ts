import { parseWith } from '@dropship/core';
import { type FaultKind, faultKinds } from '@dropship/core/test';
import { z } from 'zod';
import { createTestServer, type TestServer } from '../create-test-server.js';
import type {
  DistributorConformanceHarness,
  DistributorSimulator,
  DistributorSimulatorControls,
} from '../testing-types.js';

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
  })
  .strict();

/**
 * Checks a conformance harness and reads its declarations (defaults: real-time stock, remote
 * look-ups, every fault kind).
 *
 * @param harness - what the test file passed to `describeDistributorClient`.
 * @throws `ValidationError` for an unknown key or a bad declaration.
 */
export function readDistributorHarness<Simulator extends DistributorSimulatorControls>(
  harness: DistributorConformanceHarness<Simulator>,
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
