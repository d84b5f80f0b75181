import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An attachment of a received email. */
export interface ReceivedAttachment {
  readonly filename: string | undefined;
  readonly contentType: string;
  readonly content: Buffer;
}

/** An email the inbox received, parsed with mailparser (https://nodemailer.com/extras/mailparser/). */
export interface ReceivedEmail {
  /** `MAIL FROM` of the envelope. */
  readonly envelopeFrom: string | undefined;
  /** `RCPT TO` of the envelope. */
  readonly envelopeTo: readonly string[];
  readonly messageId: string | undefined;
  readonly subject: string | undefined;
  /** `Reply-To` addresses. */
  readonly replyTo: readonly string[];
  /** Header values by lower-case name, as text. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string | undefined;
  readonly attachments: readonly ReceivedAttachment[];
  /** The user that authenticated, if any. */
  readonly user: string | undefined;
}

/** A real SMTP server on loopback standing in for the supplier's mail server. */
export interface SupplierInbox {
  /** Always `127.0.0.1`. */
  readonly host: string;
  /** The random port it listens on. */
  readonly port: number;
  /** Emails accepted so far, oldest first. */
  received(): ReceivedEmail[];
  /** Refuses the next `times` messages after DATA with this SMTP reply (for example 451 or 554). */
  refuseNext(reply: { code: number; message: string }, times?: number): void;
  /** Takes the whole message, then drops the connection before replying, for the next `times` messages. */
  dropAfterData(times?: number): void;
  /** Stops the server. */
  close(): Promise<void>;
}

function addressesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((entry: { value?: { address?: string }[] }) =>
    (entry.value ?? []).map((mailbox) => mailbox.address ?? '').filter((address) => address !== ''),
  );
}

/**
 * Starts an SMTP server (smtp-server, https://nodemailer.com/extras/smtp-server/) on 127.0.0.1
 * with a random port: no TLS, every accepted message parsed. Nothing leaves the machine.
 *
 * @param options - `credentials`: when given, AUTH is required and only these pass.
 */
export async function startSupplierInbox(
  options: { credentials?: { user: string; pass: string } } = {},
): Promise<SupplierInbox> {
  const { credentials } = options;
  const accepted: ReceivedEmail[] = [];
  let refusal: { code: number; message: string; left: number } | undefined;
  let drops = 0;
  const connections = new Set<Socket>();
  const server = new SMTPServer({
    authOptional: credentials === undefined,
    allowInsecureAuth: true,
    disabledCommands: credentials === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (refusal && refusal.left > 0) {
          refusal.left -= 1;
          callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          return;
        }
        simpleParser(raw).then(
          (parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) {
              const colon = line.line.indexOf(':');
              if (!(line.key in headers)) headers[line.key] = line.line.slice(colon + 1).trim();
            }
            accepted.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
              envelopeTo: session.envelope.rcptTo.map((address) => address.address),
              messageId: parsed.messageId,
              subject: parsed.subject,
              replyTo: addressesOf(parsed.replyTo),
              headers,
              text: parsed.text,
              attachments: parsed.attachments.map((attachment) => ({
                filename: attachment.filename,
                contentType: attachment.contentType,
                content: attachment.content,
              })),
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            if (drops > 0) {
              drops -= 1;
              // the server holds the message; the sender never hears so
              for (const connection of connections) connection.destroy();
              return;
            }
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received: () => [...accepted],
    refuseNext(reply, times = 1) {
      refusal = { ...reply, left: times };
    },
    dropAfterData(times = 1) {
      drops = times;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.destroy();
        server.close(() => resolve());
      }),
  };
}
