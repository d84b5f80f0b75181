import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the sink accepted. */
export interface CapturedEmail {
  /** Envelope sender. */
  from: string | undefined;
  /** Envelope recipients. */
  to: string[];
  /** The `Subject` header, encoded words decoded. */
  subject: string;
  /** The `Message-ID` header. */
  messageId: string | undefined;
  /** Every header by lower-case name (first occurrence), encoded words decoded. */
  headers: Record<string, string>;
  /** The raw RFC 5322 message. */
  raw: string;
}

/** A real SMTP server on loopback that accepts and keeps every message (nothing leaves the machine). */
export interface SmtpSink {
  /** Always `127.0.0.1`. */
  readonly host: string;
  /** The random port it listens on. */
  readonly port: number;
  /** Messages accepted so far, oldest first. */
  messages(): CapturedEmail[];
  /** Stops the server. */
  close(): Promise<void>;
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_hex, code: string) => `%${code}`);
      return decodeURIComponent(bytes);
    });
}

/** Header values by lower-case name (first occurrence), folded lines joined. */
export function readEmailHeaders(raw: string): Record<string, string> {
  const end = raw.indexOf('\r\n\r\n');
  const head = (end < 0 ? raw : raw.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * Starts an SMTP server (`smtp-server`) on 127.0.0.1 with a random port: no TLS, no
 * authentication, every message captured. The buyer emails of the examples land here.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const captured: CapturedEmail[] = [];
  const connections = new Set<Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = readEmailHeaders(raw);
        captured.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          subject: headers.subject ?? '',
          messageId: headers['message-id'],
          headers,
          raw,
        });
        callback();
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
  const port = (server.server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    messages: () => [...captured],
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const connection of connections) connection.destroy();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
