import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { smsSignature } from '../../core/notify/sms-gateway.transport';

export interface GatewayRequest {
  body: { to: string; templateId: string | null; params: { link: string }; text: string; ref: string };
  raw: string;
  signatureValid: boolean;
}

/** What the stub answers next: a status and JSON body, or 'drop' to close the connection without an answer. */
export type GatewayAnswer = { status: number; body: unknown } | 'drop';

/** A local SMS gateway: checks each request's HMAC-SHA256 signature (401 when wrong) and answers from a queue (default 200). */
export async function startGatewayStub(key: string): Promise<{ url: string; received: GatewayRequest[]; answers: GatewayAnswer[]; close(): Promise<void> }> {
  const received: GatewayRequest[] = [];
  const answers: GatewayAnswer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [ts, nonce, sig] = ['x-timestamp', 'x-nonce', 'x-signature'].map((h) => String(req.headers[h] ?? ''));
      const signatureValid = !!ts && !!nonce && sig === smsSignature(key, ts, nonce, raw);
      received.push({ body: JSON.parse(raw), raw, signatureValid });
      const answer = signatureValid ? (answers.shift() ?? { status: 200, body: { code: 'OK' } }) : { status: 401, body: { message: 'signature mismatch' } };
      if (answer === 'drop') return req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`,
    received,
    answers,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

export interface SinkMail {
  from: string;
  to: string[];
  /** The message as sent: headers and the (encoded) body. */
  data: string;
}

/** Headers and body of a received mail, the body decoded from base64 or quoted-printable, encoded-word headers decoded. */
export function decodeMail(data: string): { subject: string; text: string } {
  const at = data.indexOf('\r\n\r\n');
  const head = data.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const body = data.slice(at + 4);
  const subject = (/^Subject: (.*)$/im.exec(head)?.[1] ?? '').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, s: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(s, 'base64').toString('utf8') : qp(s.replace(/_/g, ' ')),
  );
  const cte = /^Content-Transfer-Encoding: (\S+)/im.exec(head)?.[1]?.toLowerCase();
  const text = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : cte === 'quoted-printable' ? qp(body) : body;
  return { subject, text };
}

function qp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A local SMTP sink (no TLS, no auth): keeps each mail; `refuse(rcpt)` may answer a recipient with e.g. "550 5.1.1 no such user". */
export async function startSmtpSink(refuse: (rcpt: string) => string | null = () => null): Promise<{ url: string; mails: SinkMail[]; close(): Promise<void> }> {
  const mails: SinkMail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.setEncoding('utf8');
    let buf = '';
    let inData = false;
    let cur: SinkMail = { from: '', to: [], data: '' };
    const reply = (s: string) => sock.write(`${s}\r\n`);
    reply('220 sink.local ESMTP test sink');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mails.push({ ...cur, data: buf.slice(0, end).replace(/^\.\./gm, '.') });
          buf = buf.slice(end + 5);
          inData = false;
          cur = { from: '', to: [], data: '' };
          reply('250 2.0.0 queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        const addr = /<([^>]*)>/.exec(line)?.[1] ?? '';
        if (cmd === 'EHLO' || cmd === 'HELO') reply('250-sink.local\r\n250 8BITMIME');
        else if (cmd === 'MAIL') (cur.from = addr), reply('250 2.1.0 OK');
        else if (cmd === 'RCPT') {
          const refusal = refuse(addr);
          if (refusal) reply(refusal);
          else cur.to.push(addr), reply('250 2.1.5 OK');
        } else if (cmd === 'DATA') (inData = true), reply('354 end with .');
        else if (cmd === 'RSET') (cur = { from: '', to: [], data: '' }), reply('250 2.0.0 OK');
        else if (cmd === 'QUIT') reply('221 2.0.0 bye'), sock.end();
        else reply('250 2.0.0 OK');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mails,
    close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}
