/**
 * Chat webhooks as each platform documents them: the request for a rendered notification, its
 * signature, and what the platform's answer means.
 *
 * - 企业微信 (WeCom group robot): POST JSON `{msgtype: 'markdown', markdown: {content}}` to the
 *   robot's URL (its `key` is the credential); content at most 4,096 bytes of UTF-8; no
 *   signature. Answers `{errcode, errmsg}`, 0 for success, 45009 when over 20 messages a minute.
 * - 飞书 / Lark custom bot: POST JSON `{msg_type: 'post', content: {post: {zh_cn|en_us: {title,
 *   content}}}}`. Signed: `timestamp` (seconds) and `sign` in the body, where sign is
 *   Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), valid for an hour.
 *   Answers `{code, msg}` (older servers `{StatusCode, StatusMessage}`), 0 for success; 19021
 *   is a bad signature or stale timestamp, 9499 and 11232 are rate limits.
 * - 钉钉 (DingTalk custom robot): POST JSON `{msgtype: 'markdown', markdown: {title, text}}` to
 *   the robot's URL (`access_token` is the credential). Signed: `timestamp` (milliseconds) and
 *   `sign` in the URL, where sign is URL-encoded Base64(HMAC-SHA256(key = secret, message =
 *   timestamp + "\n" + secret)), valid for an hour. Answers `{errcode, errmsg}`, 0 for success;
 *   130101 when over 20 messages a minute, 310000 for a bad signature, keyword or address.
 * - Slack incoming webhook: POST JSON `{text}` in Slack's mrkdwn (`&`, `<`, `>` escaped);
 *   the URL is the credential. Answers 200 `ok`, 4xx with an error word, 429 with Retry-After.
 *
 * Core has no cryptography: the caller passes `hmacSha256(key, message)` returning Base64.
 */
import type { RenderedNotification } from './notification.js';

export const WEBHOOK_KINDS = ['wecom', 'feishu', 'dingtalk', 'slack'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** HMAC-SHA256 of a UTF-8 message under a UTF-8 key, Base64-encoded. */
export type HmacSha256 = (key: string, message: string) => string;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SignOptions {
  /** The sender's clock, milliseconds since the epoch. */
  nowMs: number;
  hmacSha256: HmacSha256;
}

/** Byte budgets of the platforms' text fields (UTF-8 bytes; Slack counts characters). */
export const WEBHOOK_TEXT_LIMITS: Readonly<Record<WebhookKind, number>> = {
  wecom: 4096,
  feishu: 18_000,
  dingtalk: 18_000,
  slack: 39_000,
};

/** Bytes of a text in UTF-8. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Keeps whole lines while they fit in `limit` bytes, then says how many were left out: a long
 * digest loses its tail, never half a line or a broken character.
 */
export function fitLines(lines: readonly string[], limit: number, measure = utf8Length): string {
  const whole = lines.join('\n');
  if (measure(whole) <= limit) return whole;
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const cost = measure(line) + (kept.length > 0 ? 1 : 0);
    const remaining = lines.length - index - 1;
    // Room for the marker, should anything after this line not fit.
    const marker = remaining > 0 ? measure(`\n… (+${remaining})`) : 0;
    if (used + cost + marker > limit) {
      kept.push(`… (+${lines.length - index})`);
      return kept.join('\n');
    }
    kept.push(line);
    used += cost;
  }
  return kept.join('\n');
}

const severityColour = { info: 'info', warning: 'warning', critical: 'warning' } as const;

function wecomMarkdown(rendered: RenderedNotification): string {
  const lines = [`## ${rendered.subject}`];
  for (const section of rendered.sections) {
    if (section.heading) lines.push(`**${section.heading}**`);
    for (const line of section.lines) lines.push(`> ${line}`);
  }
  if (rendered.link) lines.push(`[${rendered.link.label}](${rendered.link.url})`);
  if (rendered.kind === 'incident')
    lines.splice(1, 0, `<font color="${severityColour[rendered.severity]}">${rendered.severity}</font>`);
  return fitLines(lines, WEBHOOK_TEXT_LIMITS.wecom);
}

function dingtalkMarkdown(rendered: RenderedNotification): string {
  const blocks = [`### ${rendered.subject}`];
  for (const section of rendered.sections) {
    if (section.heading) blocks.push(`**${section.heading}**`);
    for (const line of section.lines) blocks.push(`- ${line}`);
  }
  if (rendered.link) blocks.push(`[${rendered.link.label}](${rendered.link.url})`);
  // DingTalk's markdown needs a blank line between paragraphs.
  return fitLines(blocks, WEBHOOK_TEXT_LIMITS.dingtalk).split('\n').join('\n\n');
}

type FeishuElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

function feishuPost(rendered: RenderedNotification): FeishuElement[][] {
  const lines: string[] = [];
  for (const section of rendered.sections) {
    if (section.heading) lines.push(section.heading);
    for (const line of section.lines) lines.push(`• ${line}`);
  }
  const paragraphs: FeishuElement[][] = fitLines(lines, WEBHOOK_TEXT_LIMITS.feishu)
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => [{ tag: 'text', text: line }]);
  if (rendered.link) paragraphs.push([{ tag: 'a', text: rendered.link.label, href: rendered.link.url }]);
  return paragraphs;
}

/** Slack's mrkdwn control characters. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackText(rendered: RenderedNotification): string {
  const lines = [`*${slackEscape(rendered.subject)}*`];
  for (const section of rendered.sections) {
    if (section.heading) lines.push(`*${slackEscape(section.heading)}*`);
    for (const line of section.lines) lines.push(`• ${slackEscape(line)}`);
  }
  if (rendered.link) lines.push(`<${rendered.link.url}|${slackEscape(rendered.link.label)}>`);
  return fitLines(lines, WEBHOOK_TEXT_LIMITS.slack, (line) => [...line].length);
}

/** The unsigned JSON body a platform takes for a rendered notification. */
export function webhookBody(kind: WebhookKind, rendered: RenderedNotification): Record<string, unknown> {
  switch (kind) {
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: wecomMarkdown(rendered) } };
    case 'feishu':
      return {
        msg_type: 'post',
        content: {
          post: {
            [rendered.language === 'zh' ? 'zh_cn' : 'en_us']: {
              title: rendered.subject,
              content: feishuPost(rendered),
            },
          },
        },
      };
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: rendered.subject, text: dingtalkMarkdown(rendered) } };
    case 'slack':
      return { text: slackText(rendered) };
  }
}

/** Feishu's signature: Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")). */
export function feishuSignature(timestampSeconds: number, secret: string, hmac: HmacSha256): string {
  return hmac(`${timestampSeconds}\n${secret}`, '');
}

/** DingTalk's signature, before URL encoding: Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)). */
export function dingtalkSignature(timestampMs: number, secret: string, hmac: HmacSha256): string {
  return hmac(secret, `${timestampMs}\n${secret}`);
}

/**
 * The request to send: the body (with Feishu's signature in it) and the URL (with DingTalk's
 * in it). A platform without signing ignores the secret. `idempotencyKey` rides along in an
 * `Idempotency-Key` header: these platforms ignore it, a relay that honours it deduplicates.
 */
export function webhookRequest(
  kind: WebhookKind,
  target: { url: string; secret?: string | null | undefined },
  body: Record<string, unknown>,
  sign: SignOptions,
  idempotencyKey?: string,
): WebhookRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let url = target.url;
  let signed = body;
  if (target.secret && kind === 'feishu') {
    const timestamp = Math.floor(sign.nowMs / 1000);
    signed = {
      timestamp: String(timestamp),
      sign: feishuSignature(timestamp, target.secret, sign.hmacSha256),
      ...body,
    };
  }
  if (target.secret && kind === 'dingtalk') {
    const timestamp = Math.trunc(sign.nowMs);
    const signature = encodeURIComponent(dingtalkSignature(timestamp, target.secret, sign.hmacSha256));
    url = `${url}${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${signature}`;
  }
  return { url, headers, body: JSON.stringify(signed) };
}

export type DeliveryOutcome =
  | { ok: true }
  | {
      ok: false;
      /** Worth trying again later: rate limits, server errors, timeouts. */
      retryable: boolean;
      reason: string;
      /** When the platform said how long to wait. */
      retryAfterMs?: number;
    };

const RATE_LIMIT_CODES: Readonly<Record<Exclude<WebhookKind, 'slack'>, readonly number[]>> = {
  wecom: [45009],
  feishu: [9499, 11232],
  dingtalk: [130101, 130102],
};

/** Seconds or an HTTP date, as `Retry-After` carries them. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * What a platform's answer means. HTTP 429 and 5xx are worth retrying everywhere; the Chinese
 * platforms answer 200 with an error code in the body, of which only their rate limits are.
 */
export function webhookOutcome(
  kind: WebhookKind,
  status: number,
  text: string,
  retryAfterMs?: number,
): DeliveryOutcome {
  const short = text.slice(0, 300);
  const after = retryAfterMs !== undefined ? { retryAfterMs } : {};
  if (status === 429) return { ok: false, retryable: true, reason: `HTTP 429 ${short}`.trim(), ...after };
  if (status >= 500)
    return { ok: false, retryable: true, reason: `HTTP ${status} ${short}`.trim(), ...after };
  if (kind === 'slack') {
    if (status >= 200 && status < 300) return { ok: true };
    return { ok: false, retryable: false, reason: `HTTP ${status} ${short}`.trim() };
  }
  if (status < 200 || status >= 300) {
    // Feishu answers some refusals (its rate limits among them) with a 400 and a code.
    const code = bodyCode(kind, text);
    const retryable = code !== undefined && RATE_LIMIT_CODES[kind].includes(code);
    return { ok: false, retryable, reason: `HTTP ${status} ${short}`.trim(), ...after };
  }
  const code = bodyCode(kind, text);
  if (code === 0) return { ok: true };
  if (code === undefined) return { ok: false, retryable: true, reason: `unreadable answer: ${short}` };
  return {
    ok: false,
    retryable: RATE_LIMIT_CODES[kind].includes(code),
    reason: `code ${code}: ${short}`,
  };
}

function bodyCode(kind: Exclude<WebhookKind, 'slack'>, text: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  const code = kind === 'feishu' ? (fields.code ?? fields.StatusCode) : fields.errcode;
  return typeof code === 'number' ? code : undefined;
}
