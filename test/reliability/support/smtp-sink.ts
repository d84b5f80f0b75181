import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

// A real SMTP server on loopback that the fault-injection run's buyer emails go through
// (nodemailer in @dropship/email speaks SMTP to it), so that "emailed once" is counted on what a
// mail server received, per shipment, not on what a notifier object believes it sent.

/** What the sink does with the next message instead of accepting it. */
export type SmtpFault =
  /** `550` to RCPT TO: refused, nothing delivered. */
  | 'refuse'
  /** `451` after DATA: refused for now, nothing delivered. */
  | 'temporary'
  /** The whole message is received (delivered), then the connection drops before the reply. */
  | 'lost';

/** A loopback SMTP server that counts deliveries per shipment. */
export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  /** Messages delivered per `X-Dropship-Shipment-Id` header (a message without one counts under `''`). */
  deliveries(): ReadonlyMap<string, number>;
  /** Messages delivered since the last `reset`. */
  delivered(): number;
  /** Queues a fault for the next message. */
  fail(fault: SmtpFault): void;
  /** Drops the faults not yet applied and says how many there were. */
  clearFaults(): number;
  /** Faults applied since the last `reset`, by kind. */
  appliedFaults(): Record<SmtpFault, number>;
  /** Forgets deliveries and queued faults (a new scenario). */
  reset(): void;
  close(): Promise<void>;
}

const shipmentHeader = /^x-dropship-shipment-id:[ \t]*(.+)$/im;

/** Starts an SMTP sink on 127.0.0.1 (a free port): no TLS, no authentication. */
export async function startSmtpSink(): Promise<SmtpSink> {
  let deliveries = new Map<string, number>();
  let delivered = 0;
  let faults: SmtpFault[] = [];
  let applied: Record<SmtpFault, number> = { refuse: 0, temporary: 0, lost: 0 };
  /** Open sockets by remote port, to drop the one connection a `lost` fault belongs to. */
  const sockets = new Map<number, Socket>();
  const deliver = (raw: string) => {
    const id = shipmentHeader.exec(raw)?.[1]?.trim() ?? '';
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    delivered += 1;
  };
  const refusal = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // No reverse DNS look-up of the client (127.0.0.1): it costs a resolver round trip per message.
    disableReverseLookup: true,
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (faults[0] === 'refuse') {
        faults.shift();
        applied.refuse += 1;
        callback(refusal(550, '5.1.1 mailbox unavailable (injected)'));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const fault = faults[0] === 'temporary' || faults[0] === 'lost' ? faults.shift() : undefined;
        if (fault) applied[fault] += 1;
        if (fault === 'temporary') {
          callback(refusal(451, '4.3.0 try again later (injected)'));
          return;
        }
        deliver(Buffer.concat(chunks).toString('utf8'));
        if (fault === 'lost') {
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        callback();
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.on('close', () => sockets.delete(port));
  });
  // A dropped connection is the point of a `lost` fault, not an error of the sink.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    deliveries: () => deliveries,
    delivered: () => delivered,
    fail(fault) {
      faults.push(fault);
    },
    clearFaults() {
      const left = faults.length;
      faults = [];
      return left;
    },
    appliedFaults: () => ({ ...applied }),
    reset() {
      deliveries = new Map();
      delivered = 0;
      faults = [];
      applied = { refuse: 0, temporary: 0, lost: 0 };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets.values()) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
