import { describe, expect, it } from 'vitest';
import { createAnswerScript, echoInErrorAnswer, echoRequest } from './simulator-answers.js';

describe('echoRequest', () => {
  it('echoes every header, the query and the body, and leaves the body readable', async () => {
    const request = new Request('https://api.example.test/orders?apikey=SENTINEL-KEY&item=a&item=b', {
      method: 'POST',
      headers: { 'X-Secret-Token': 'SENTINEL-TOKEN', 'content-type': 'application/json' },
      body: '{"client_secret":"SENTINEL-SECRET"}',
    });
    const echo = await echoRequest(request);
    expect(echo.method).toBe('POST');
    expect(echo.headers['x-secret-token']).toBe('SENTINEL-TOKEN');
    expect(echo.query).toEqual({ apikey: 'SENTINEL-KEY', item: 'a,b' });
    expect(echo.body).toBe('{"client_secret":"SENTINEL-SECRET"}');
    expect(await request.json()).toEqual({ client_secret: 'SENTINEL-SECRET' });
  });
});

describe('echoInErrorAnswer', () => {
  const echo = { method: 'GET', headers: { 'api-key': 'SECRET-KEY-1' }, query: {}, body: '' };

  it('adds the echoed request to a JSON error answer, keeping its status and fields', async () => {
    const answer = await echoInErrorAnswer(echo, Response.json({ message: 'Unauthenticated.' }, { status: 401 }));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ message: 'Unauthenticated.', request: echo });
  });

  it('leaves successes and error answers that are not a JSON object as they are', async () => {
    const success = Response.json({ data: [] });
    expect(await echoInErrorAnswer(echo, success)).toBe(success);
    const page = new Response('<html>502</html>', { status: 502, headers: { 'content-type': 'text/html' } });
    expect(await echoInErrorAnswer(echo, page)).toBe(page);
    const list = Response.json([1, 2], { status: 400 });
    expect(await echoInErrorAnswer(echo, list)).toBe(list);
  });
});

describe('createAnswerScript', () => {
  it('serves the normal answer when nothing is scripted', async () => {
    const script = createAnswerScript();
    let performed = 0;
    const response = await script.serve(() => {
      performed += 1;
      return new Response('normal', { status: 201 });
    });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('normal');
    expect(performed).toBe(1);
  });

  it('answers a scripted answer once, acting first only when told to', async () => {
    const script = createAnswerScript();
    let performed = 0;
    const perform = () => {
      performed += 1;
      return new Response('normal', { status: 201 });
    };
    script.push({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>down</html>' });
    script.push({ status: 204, body: 'ignored for 204', act: true });
    expect(script.pending()).toBe(2);

    const first = await script.serve(perform);
    expect([first.status, await first.text(), first.headers.get('content-type')]).toEqual([
      200,
      '<html>down</html>',
      'text/html',
    ]);
    expect(performed).toBe(0);

    const second = await script.serve(perform);
    expect(second.status).toBe(204);
    expect(performed).toBe(1);

    const third = await script.serve(perform);
    expect(third.status).toBe(201);
    expect(performed).toBe(2);
  });

  it('refuses a status outside 200 to 599 and forgets answers on reset', () => {
    const script = createAnswerScript();
    expect(() => script.push({ status: 99 })).toThrow(TypeError);
    script.push({ status: 302, headers: { location: 'https://elsewhere.example.test/' } });
    script.reset();
    expect(script.pending()).toBe(0);
  });
});
