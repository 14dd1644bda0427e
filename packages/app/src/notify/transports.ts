/**
 * Sending: email over SMTP (nodemailer) and chat webhooks over HTTP (fetch), each answering with
 * what happened in the terms the outbox needs — sent, worth retrying, or not.
 *
 * At-least-once: a message is marked sent after the remote accepted it. If the process dies
 * between the two, the message is sent again after the restart with the same idempotency key:
 * as the email's Message-ID (mail clients and many servers collapse duplicates by it) and as an
 * `Idempotency-Key` header on webhooks (the four chat platforms ignore it; a relay in front of
 * them may honour it).
 */
import { createHash, createHmac } from 'node:crypto';
import {
  type DeliveryOutcome,
  parseRetryAfter,
  type SmtpSettings,
  type WebhookKind,
  webhookOutcome,
  webhookRequest,
} from '@markpi/core';
import nodemailer from 'nodemailer';
import type { OutboxPayload } from './ports.js';

export const hmacSha256 = (key: string, message: string): string =>
  createHmac('sha256', key).update(message).digest('base64');

/** A Message-ID made from the idempotency key: the same message always carries the same id. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@markpi.notify>`;
}

export interface Transports {
  sendEmail(
    smtp: SmtpSettings,
    password: string | undefined,
    payload: Extract<OutboxPayload, { channel: 'email' }>,
  ): Promise<DeliveryOutcome>;
  postWebhook(
    kind: WebhookKind,
    target: { url: string; secret?: string | undefined },
    payload: Extract<OutboxPayload, { channel: 'webhook' }>,
    idempotencyKey: string,
  ): Promise<DeliveryOutcome>;
}

export interface TransportOptions {
  /** Give up on one attempt after this long; default 15 s. */
  timeoutMs?: number;
  /** The clock that signs webhooks. */
  now?: () => Date;
}

/** SMTP reply codes 4xx are temporary; connection failures too; 5xx and bad logins are not. */
function emailFailure(error: unknown): DeliveryOutcome {
  const details = error as { responseCode?: number; code?: string; message?: string };
  const reason = `${details.code ?? 'error'}${details.responseCode ? ` ${details.responseCode}` : ''}: ${
    details.message ?? String(error)
  }`.slice(0, 500);
  if (typeof details.responseCode === 'number')
    return { ok: false, retryable: details.responseCode < 500, reason };
  return { ok: false, retryable: details.code !== 'EAUTH' && details.code !== 'EENVELOPE', reason };
}

export function createTransports(options: TransportOptions = {}): Transports {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const now = options.now ?? (() => new Date());
  return {
    async sendEmail(smtp, password, payload) {
      const transport = nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: smtp.requireTls,
        ...(smtp.username ? { auth: { user: smtp.username, pass: password ?? '' } } : {}),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs * 2,
      });
      try {
        const info = await transport.sendMail({
          from: smtp.from,
          to: payload.to,
          subject: payload.email.subject,
          text: payload.email.text,
          html: payload.email.html,
          messageId: payload.messageId,
          headers: { 'Content-Language': payload.language === 'zh' ? 'zh-CN' : 'en' },
        });
        if (info.accepted.length === 0)
          return { ok: false, retryable: false, reason: `refused: ${info.rejected.join(', ')}` };
        return { ok: true };
      } catch (error) {
        return emailFailure(error);
      } finally {
        transport.close();
      }
    },

    async postWebhook(kind, target, payload, idempotencyKey) {
      const request = webhookRequest(
        kind,
        target,
        payload.body,
        { nowMs: now().getTime(), hmacSha256 },
        idempotencyKey,
      );
      try {
        const response = await fetch(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        return webhookOutcome(
          kind,
          response.status,
          text,
          parseRetryAfter(response.headers.get('retry-after'), now().getTime()),
        );
      } catch (error) {
        return {
          ok: false,
          retryable: true,
          reason: `request failed: ${(error as Error).message}`.slice(0, 500),
        };
      }
    },
  };
}
