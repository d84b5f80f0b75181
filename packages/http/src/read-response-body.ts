import { ResponseParseError } from '@dropship/core';

/** Largest response body read when {@link HttpClientOptions.maxResponseBytes} is not set: 10 MiB. */
export const defaultMaxResponseBytes = 10 * 1024 * 1024;

/** A response body read within its size limit. */
export interface ResponseBody {
  /** The body decoded as UTF-8 (invalid sequences shown as U+FFFD when {@link validUtf8} is false). */
  text: string;
  /** False when the body is not valid UTF-8: a JSON answer with such bytes is refused. */
  validUtf8: boolean;
}

/** Where the response came from, for the error a body over the limit raises. */
export interface BodyContext {
  /** Service id, for example `wps`. */
  service: string;
  /** HTTP method. */
  method: string;
  /** The URL, already redacted. */
  url: string;
  /** HTTP status of the response. */
  status: number;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');

function tooLarge(context: BodyContext, maxBytes: number, seen: string): ResponseParseError {
  return new ResponseParseError(
    `${context.service}: the response from ${context.method} ${context.url} is larger than the ${maxBytes} bytes allowed (maxResponseBytes; ${seen}); it was not read further`,
    { service: context.service, method: context.method, url: context.url, status: context.status, fields: [] },
  );
}

function decode(bytes: Uint8Array): ResponseBody {
  try {
    return { text: strictDecoder.decode(bytes), validUtf8: true };
  } catch {
    return { text: lenientDecoder.decode(bytes), validUtf8: false };
  }
}

/**
 * Reads a response body as a stream and stops at `maxBytes`: a declared `content-length` over the
 * limit is refused before reading, and a body that grows past it is cancelled at the chunk that
 * crosses it, so a huge answer never sits in memory whole.
 *
 * @param response - the response whose body to read.
 * @param maxBytes - the most bytes read.
 * @param context - where it came from, for the error.
 * @throws `ResponseParseError` when the body is larger than `maxBytes`.
 */
export async function readResponseBody(
  response: Response,
  maxBytes: number,
  context: BodyContext,
): Promise<ResponseBody> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge(context, maxBytes, `content-length ${declared}`);
  }
  const stream = response.body;
  if (stream === null) return { text: '', validUtf8: true };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge(context, maxBytes, `more than ${maxBytes} bytes received`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return decode(chunks[0] as Uint8Array);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decode(bytes);
}
