/**
 * Real local servers that receive what markpi sends, for tests: an SMTP server (smtp-server)
 * that parses each email, and an HTTP server standing in for the chat platforms, which checks
 * signatures the way each platform documents them and answers in its format. Both count what
 * arrives by idempotency key (the email's Message-ID, the webhook's header), raw and distinct.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  contentLanguage: string | undefined;
  auth: string | undefined;
}

export interface SmtpReceiver {
  port: number;
  emails: ReceivedEmail[];
  /** Resolves once `count` emails have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Accepts plain-text SMTP on a free loopback port; with `login`, requires that login. */
export async function startSmtpReceiver(login?: { user: string; pass: string }): Promise<SmtpReceiver> {
  const emails: ReceivedEmail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !login,
    logger: false,
    onAuth(auth, _session, callback) {
      if (login && auth.username === login.user && auth.password === login.pass)
        callback(null, { user: auth.username });
      else callback(new Error('bad login'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          const header = mail.headers.get('content-language');
          emails.push({
            from: mail.from?.text ?? '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId ?? '',
            contentLanguage: typeof header === 'string' ? header : undefined,
            auth: typeof session.user === 'string' ? session.user : undefined,
          });
          for (const waiter of waiters) if (emails.length >= waiter.count) waiter.resolve();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    emails,
    waitFor: (count) =>
      emails.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type Platform = 'wecom' | 'feishu' | 'dingtalk' | 'slack';

export interface ReceivedRequest {
  platform: Platform;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
  /** Whether the signature checked out; null where the platform has none. */
  signatureValid: boolean | null;
  /** Whether the platform's answer was written (a sender killed mid-request never reads it). */
  answered: boolean;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answers given from now on: a platform's error body instead of success, for some requests. */
  failNext(platform: Platform, times: number, answer: { status: number; body: string }): void;
  /** Delays every answer (ms); and may hold one request unanswered until released. */
  setDelay(ms: number): void;
  holdRequest(index: number): Promise<{ release(): void }>;
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

const b64hmac = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64');

/** The platform's documented check of a signed request, as its server does it. */
function verify(
  platform: Platform,
  secret: string | undefined,
  request: ReceivedRequest,
  nowMs: number,
): boolean | null {
  if (!secret) return null;
  if (platform === 'feishu') {
    const timestamp = Number(request.body.timestamp);
    const fresh = Math.abs(nowMs / 1000 - timestamp) <= 3600;
    return fresh && request.body.sign === b64hmac(`${timestamp}\n${secret}`, '');
  }
  if (platform === 'dingtalk') {
    const timestamp = Number(request.query.get('timestamp'));
    const fresh = Math.abs(nowMs - timestamp) <= 3_600_000;
    // URLSearchParams has already URL-decoded the signature.
    return fresh && request.query.get('sign') === b64hmac(secret, `${timestamp}\n${secret}`);
  }
  return null;
}

const SUCCESS: Record<Platform, { status: number; body: string }> = {
  wecom: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  feishu: { status: 200, body: '{"code":0,"data":{},"msg":"success"}' },
  dingtalk: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  slack: { status: 200, body: 'ok' },
};

const SIGNATURE_FAILURE: Record<Platform, { status: number; body: string }> = {
  wecom: { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' },
  feishu: {
    status: 200,
    body: '{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour"}',
  },
  dingtalk: { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' },
  slack: { status: 403, body: 'invalid_token' },
};

/**
 * One HTTP server for the four platforms, at `/<platform>/<hook>`: `secrets` maps a hook to the
 * signing secret the platform was given. A bad signature is refused as the platform refuses it.
 */
export async function startWebhookReceiver(
  secrets: Record<string, string> = {},
  /** The platform's clock, against which signatures must be fresh (a test's clock). */
  now: () => number = Date.now,
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const failures: { platform: Platform; times: number; answer: { status: number; body: string } }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const holds = new Map<number, { reached: () => void; released: Promise<void> }>();
  let delayMs = 0;
  const server: Server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://localhost');
      const [, platform, hook] = url.pathname.split('/') as [string, Platform, string];
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // Left empty: the answer below says the payload is bad.
      }
      const header = incoming.headers['idempotency-key'];
      const request: ReceivedRequest = {
        platform,
        path: url.pathname,
        query: url.searchParams,
        body,
        idempotencyKey: typeof header === 'string' ? header : undefined,
        signatureValid: null,
        answered: false,
      };
      request.signatureValid = verify(platform, secrets[hook], request, now());
      const index = requests.push(request) - 1;
      for (const waiter of waiters) if (requests.length >= waiter.count) waiter.resolve();
      const failure = failures.find((candidate) => candidate.platform === platform && candidate.times > 0);
      if (failure) failure.times--;
      const answer =
        request.signatureValid === false
          ? SIGNATURE_FAILURE[platform]
          : (failure?.answer ?? SUCCESS[platform]);
      const hold = holds.get(index);
      hold?.reached();
      const reply = () => {
        if (response.destroyed || incoming.socket?.destroyed) return;
        response.writeHead(answer.status, {
          'content-type': platform === 'slack' ? 'text/plain' : 'application/json',
        });
        response.end(answer.body, () => {
          request.answered = true;
        });
      };
      const delayed = () => (delayMs > 0 ? setTimeout(reply, delayMs) : reply());
      if (hold) void hold.released.then(delayed);
      else delayed();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(platform, times, answer) {
      failures.push({ platform, times, answer });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    holdRequest(index) {
      let reached!: () => void;
      let release!: () => void;
      const reachedPromise = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.set(index, { reached, released });
      return reachedPromise.then(() => ({ release }));
    },
    waitFor: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Counts by idempotency key: how often each arrived. */
export function countByKey(keys: readonly (string | undefined)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
