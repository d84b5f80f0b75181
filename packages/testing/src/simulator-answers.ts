import { HttpResponse } from 'msw';

/**
 * What a simulator echoes of a request in its error answers, as real APIs' error pages and
 * debugging bodies often do: every header (credentials included), the query and the body. A
 * client that puts a response body on an error without redacting it then leaks the credential,
 * and the redaction tests can see it.
 */
export interface EchoedRequest {
  /** HTTP method. */
  method: string;
  /** Every request header, names lower-cased. */
  headers: Record<string, string>;
  /** Every query parameter (repeated keys joined with a comma). */
  query: Record<string, string>;
  /** The request body as text (empty when there is none). */
  body: string;
}

/**
 * Reads what {@link EchoedRequest} holds from a request without consuming its body (it reads a
 * clone), so the handler can still read the body itself.
 *
 * @param request - the request a simulator handler received.
 * @example
 * ```ts
 * http.post(url, async ({ request }) => {
 *   const echo = await echoRequest(request);
 *   return HttpResponse.json({ errors: [{ message: 'Invalid input' }], request: echo }, { status: 400 });
 * });
 * ```
 */
export async function echoRequest(request: Request): Promise<EchoedRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const query: Record<string, string> = {};
  const searchParams = new URL(request.url).searchParams;
  for (const name of new Set(searchParams.keys())) query[name] = searchParams.getAll(name).join(',');
  let body = '';
  try {
    body = await request.clone().text();
  } catch {
    body = '';
  }
  return { method: request.method, headers, query, body };
}

/**
 * Puts an {@link EchoedRequest} into an error answer (status 400 or more whose body is a JSON
 * object) under the key `request`, as real APIs' error pages often do; any other answer is
 * returned as is. A simulator passes every answer of its handlers through it, so all its errors
 * echo the request. Take the echo before the handler reads the request body.
 *
 * @param echo - what {@link echoRequest} read of the request.
 * @param response - the simulator's answer.
 * @example
 * ```ts
 * const echo = await echoRequest(request);
 * return echoInErrorAnswer(echo, await perform());
 * ```
 */
export async function echoInErrorAnswer(echo: EchoedRequest, response: Response): Promise<Response> {
  if (response.status < 400) return response;
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    return response;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return HttpResponse.json({ ...body, request: echo }, { status: response.status, headers });
}

/**
 * An answer a simulator gives instead of its normal one, to test what a client makes of answers
 * that are not the documented success: an HTML page with 200, an empty 201 without its
 * `Location`, JSON of another shape, a redirect.
 */
export interface ScriptedAnswer {
  /** HTTP status. */
  status: number;
  /** Response headers (for example `location`, `content-type`). */
  headers?: Record<string, string>;
  /** Response body; default empty. */
  body?: string;
  /**
   * Whether the simulator does its real work first (records the fulfilment, places the order)
   * and then answers this instead of its normal answer. Default false: it does nothing.
   */
  act?: boolean;
}

/** A queue of {@link ScriptedAnswer}s a simulator serves to its next calls of one operation. */
export interface AnswerScript {
  /** Queues an answer for the next call not yet scripted. */
  push(answer: ScriptedAnswer): void;
  /**
   * Serves one call: without a queued answer returns `perform()`; with one, runs `perform()`
   * first when the answer says `act`, then returns the scripted answer.
   *
   * @param perform - the simulator's real work; returns the normal response.
   */
  serve(perform: () => Response | Promise<Response>): Promise<Response>;
  /** How many answers are still queued. */
  pending(): number;
  /** Drops every queued answer. */
  reset(): void;
}

/**
 * Creates an {@link AnswerScript}: what a simulator's `answerNextPush` (or similar) delegates to.
 *
 * @example
 * ```ts
 * const pushAnswers = createAnswerScript();
 * http.post(url, () => pushAnswers.serve(() => record()));
 * pushAnswers.push({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Maintenance</html>' });
 * ```
 */
export function createAnswerScript(): AnswerScript {
  let queue: ScriptedAnswer[] = [];
  return {
    push(answer) {
      if (!Number.isInteger(answer.status) || answer.status < 200 || answer.status > 599) {
        throw new TypeError(`scripted answer status must be an integer from 200 to 599, got ${answer.status}`);
      }
      queue.push({ ...answer, ...(answer.headers ? { headers: { ...answer.headers } } : {}) });
    },
    async serve(perform) {
      const answer = queue.shift();
      if (!answer) return perform();
      if (answer.act) await perform();
      const nullBodyStatus = [204, 205, 304].includes(answer.status);
      return new HttpResponse(nullBodyStatus ? null : (answer.body ?? null), {
        status: answer.status,
        ...(answer.headers ? { headers: answer.headers } : {}),
      });
    },
    pending() {
      return queue.length;
    },
    reset() {
      queue = [];
    },
  };
}
