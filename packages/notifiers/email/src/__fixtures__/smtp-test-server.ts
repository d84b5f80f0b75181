import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A message as the test SMTP server received it. */
export interface ReceivedMessage {
  /** MAIL FROM of the envelope. */
  mailFrom: string | undefined;
  /** RCPT TO addresses of the envelope. */
  rcptTo: string[];
  /** The raw RFC 5322 message. */
  raw: string;
  /** The user that authenticated, if any. */
  user: string | undefined;
}

/** An SMTP reply the server gives instead of accepting. */
export interface Refusal {
  code: number;
  message: string;
}

/** A real SMTP server on loopback (random port) that records what it receives. */
export interface SmtpTestServer {
  port: number;
  host: string;
  messages: ReceivedMessage[];
  /** Refuse the next `times` RCPT TO commands with this reply. */
  refuseRecipient(refusal: Refusal, times?: number): void;
  /** Refuse the next `times` messages after DATA with this reply. */
  refuseData(refusal: Refusal, times?: number): void;
  /** Wait this long before accepting each message (to make calls overlap). */
  delayData(milliseconds: number): void;
  /** Closes the connection during DATA (after reading the message) for the next `times` messages, without a reply. */
  dropDuringData(times?: number): void;
  close(): Promise<void>;
}

function replyError(refusal: Refusal): Error {
  return Object.assign(new Error(refusal.message), { responseCode: refusal.code });
}

/**
 * Starts an `smtp-server` on 127.0.0.1 with a random port: no TLS, authentication optional
 * (or required with `credentials`), every accepted message captured raw.
 *
 * @param credentials - when given, AUTH is advertised and only these credentials pass.
 */
export async function startSmtpTestServer(credentials?: { user: string; pass: string }): Promise<SmtpTestServer> {
  const messages: ReceivedMessage[] = [];
  let recipientRefusals: { refusal: Refusal; left: number } | undefined;
  let dataRefusals: { refusal: Refusal; left: number } | undefined;
  let dataDelay = 0;
  let drops = 0;

  const options: SMTPServerOptions = {
    authOptional: credentials === undefined,
    allowInsecureAuth: true,
    disabledCommands: credentials === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) {
        callback(null, { user: auth.username });
        return;
      }
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (recipientRefusals && recipientRefusals.left > 0) {
        recipientRefusals.left -= 1;
        callback(replyError(recipientRefusals.refusal));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const finish = (): void => {
          if (drops > 0) {
            drops -= 1;
            // the server received the whole message, then the connection is lost before the reply
            messages.push({
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
              rcptTo: session.envelope.rcptTo.map((address) => address.address),
              raw: Buffer.concat(chunks).toString('utf8'),
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            for (const connection of connections) connection.destroy();
            return;
          }
          if (dataRefusals && dataRefusals.left > 0) {
            dataRefusals.left -= 1;
            callback(replyError(dataRefusals.refusal));
            return;
          }
          messages.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            rcptTo: session.envelope.rcptTo.map((address) => address.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          callback();
        };
        if (dataDelay > 0) setTimeout(finish, dataDelay);
        else finish();
      });
    },
  };
  const server = new SMTPServer(options);
  const connections = new Set<import('node:net').Socket>();
  server.server.on('connection', (socket: import('node:net').Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    host: '127.0.0.1',
    messages,
    refuseRecipient(refusal, times = 1) {
      recipientRefusals = { refusal, left: times };
    },
    refuseData(refusal, times = 1) {
      dataRefusals = { refusal, left: times };
    },
    delayData(milliseconds) {
      dataDelay = milliseconds;
    },
    dropDuringData(times = 1) {
      drops = times;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.destroy();
        server.close(() => resolve());
      }),
  };
}
