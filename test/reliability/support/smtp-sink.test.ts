import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

/** A bare SMTP client: sends each command, collects each reply (or `closed` when the server hung up). */
async function sendMail(sink: SmtpSink, shipmentId: string): Promise<string[]> {
  const socket: Socket = connect(sink.port, sink.host);
  const replies: string[] = [];
  let buffer = '';
  let waiting: ((reply: string) => void) | undefined;
  const pending: string[] = [];
  const deliver = (reply: string) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(reply);
    } else pending.push(reply);
  };
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    // A reply ends with a line "NNN text" (continuation lines are "NNN-text").
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (/^\d{3} /.test(line)) deliver(line);
    }
  });
  socket.on('close', () => deliver('closed'));
  socket.on('error', () => undefined);
  const next = () =>
    new Promise<string>((resolve) => {
      const ready = pending.shift();
      if (ready !== undefined) resolve(ready);
      else waiting = resolve;
    });
  const command = async (text: string) => {
    socket.write(`${text}\r\n`);
    const reply = await next();
    replies.push(reply);
    return reply;
  };
  replies.push(await next()); // greeting
  await command('EHLO test.local');
  await command('MAIL FROM:<orders@motoparts.example>');
  const rcpt = await command('RCPT TO:<buyer@example.com>');
  if (rcpt.startsWith('250')) {
    await command('DATA');
    await command(
      `X-Dropship-Shipment-Id: ${shipmentId}\r\nSubject: Your order shipped\r\n\r\nTracking 1Z999AA10123456784\r\n.`,
    );
  }
  if (!replies.includes('closed')) await command('QUIT');
  socket.destroy();
  return replies.map((reply) => (reply === 'closed' ? reply : reply.slice(0, 3)));
}

describe('the SMTP sink of the fault-injection run', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());
  beforeEach(() => sink.reset());

  it('counts each delivered message under its shipment, twice when it came twice', async () => {
    expect(await sendMail(sink, 'PO1:1Z1')).toEqual(['220', '250', '250', '250', '354', '250', '221']);
    await sendMail(sink, 'PO1:1Z1');
    await sendMail(sink, 'PO2:1Z2');
    expect([...sink.deliveries()]).toEqual([
      ['PO1:1Z1', 2],
      ['PO2:1Z2', 1],
    ]);
    expect(sink.delivered()).toBe(3);
    sink.reset();
    expect([sink.delivered(), sink.deliveries().size]).toEqual([0, 0]);
  });

  it('refuses a message (550 or 451) without delivering it', async () => {
    sink.fail('refuse');
    sink.fail('temporary');
    expect(await sendMail(sink, 'PO1:1Z1')).toContain('550');
    expect((await sendMail(sink, 'PO1:1Z1')).at(-2)).toBe('451');
    expect(sink.delivered()).toBe(0);
    expect(sink.appliedFaults()).toEqual({ refuse: 1, temporary: 1, lost: 0 });
  });

  it('loses the answer after delivering the whole message (the case a sender cannot tell)', async () => {
    sink.fail('lost');
    const replies = await sendMail(sink, 'PO1:1Z1');
    expect(replies.at(-1)).toBe('closed');
    expect(replies).not.toContain('221');
    expect(sink.deliveries().get('PO1:1Z1')).toBe(1);
    expect(sink.appliedFaults().lost).toBe(1);
  });

  it('drops the faults not applied, and says how many', async () => {
    sink.fail('lost');
    sink.fail('refuse');
    expect(sink.clearFaults()).toBe(2);
    await sendMail(sink, 'PO1:1Z1');
    expect(sink.delivered()).toBe(1);
    expect(sink.appliedFaults()).toEqual({ refuse: 0, temporary: 0, lost: 0 });
  });
});
