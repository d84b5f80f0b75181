/** A raw message decoded enough to assert on: headers, plain-text and HTML bodies. */
export interface DecodedMessage {
  /** Header values by lower-case name (first occurrence), encoded-words decoded. */
  headers: Record<string, string>;
  text: string | undefined;
  html: string | undefined;
}

function splitHeadAndBody(raw: string): { head: string; body: string } {
  const index = raw.indexOf('\r\n\r\n');
  if (index < 0) return { head: raw, body: '' };
  return { head: raw.slice(0, index), body: raw.slice(index + 4) };
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

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeQuotedPrintable(text: string): string {
  const withoutSoftBreaks = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < withoutSoftBreaks.length; index += 1) {
    const character = withoutSoftBreaks[index] as string;
    const hex = withoutSoftBreaks.slice(index + 1, index + 3);
    if (character === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(character, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/**
 * Decodes a raw message as nodemailer builds it (single part or multipart/alternative with
 * quoted-printable or base64 parts). A test helper, not a general MIME parser.
 *
 * @param raw - the message as the SMTP server received it.
 */
export function readMimeMessage(raw: string): DecodedMessage {
  const { head, body } = splitHeadAndBody(raw);
  const headers = parseHeaders(head);
  const result: DecodedMessage = { headers, text: undefined, html: undefined };
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const parts: Array<{ headers: Record<string, string>; body: string }> = [];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitHeadAndBody(chunk.replace(/^\r\n/, ''));
      parts.push({ headers: parseHeaders(part.head), body: part.body.replace(/\r\n$/, '') });
    }
  } else {
    parts.push({ headers, body });
  }
  for (const part of parts) {
    const type = (part.headers['content-type'] ?? 'text/plain').toLowerCase();
    const decoded = decodeBody(part.body, part.headers['content-transfer-encoding']).replace(/\r\n/g, '\n');
    if (type.startsWith('text/plain')) result.text = decoded;
    if (type.startsWith('text/html')) result.html = decoded;
  }
  return result;
}
