/**
 * A notification as the monitor and the digests make it — messages, not text — and as a
 * recipient reads it: said in their language, ready for a channel to lay out.
 */
import { type Language, type NotifyMessage, notifyMessage, type Sayer, sayNotify } from './messages.js';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Whether `severity` is at least `minimum` (info < warning < critical). */
export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(minimum);
}

export const NOTIFICATION_KINDS = ['incident', 'digest', 'test'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationSection {
  heading?: NotifyMessage;
  lines: NotifyMessage[];
}

export interface Notification {
  kind: NotificationKind;
  severity: Severity;
  title: NotifyMessage;
  sections: NotificationSection[];
  /** A page of the dashboard (`/workspaces/lumi/…`) or an absolute URL. */
  link?: string;
}

/** A notification said in one language, for one recipient. */
export interface RenderedNotification {
  language: Language;
  kind: NotificationKind;
  severity: Severity;
  /** The email subject and the chat message's first line: an incident's carries its severity. */
  subject: string;
  title: string;
  sections: { heading: string | null; lines: string[] }[];
  /** Absent when the link is a dashboard path and no public address of the server is known. */
  link: { url: string; label: string } | null;
}

export interface RenderOptions {
  language: Language;
  /** Sayers for keys not of the notifications' own table (the monitor's). */
  sayers?: readonly Sayer[];
  /** The server's public address (`https://markpi.example.com`), to make dashboard paths links. */
  baseUrl?: string;
}

/** A dashboard path joined to the public address; absolute URLs as they are; null without one. */
export function linkUrl(link: string, baseUrl: string | undefined): string | null {
  if (/^https?:\/\//i.test(link)) return link;
  if (!baseUrl) return null;
  return `${baseUrl.replace(/\/+$/, '')}/${link.replace(/^\/+/, '')}`;
}

export function renderNotification(notification: Notification, options: RenderOptions): RenderedNotification {
  const { language } = options;
  const say = (message: NotifyMessage) => sayNotify(message, language, options.sayers ?? []);
  const title = say(notification.title);
  const subject =
    notification.kind === 'incident'
      ? say(
          notifyMessage('notify.incident.subject', {
            severity: notifyMessage(`notify.severity.${notification.severity}`),
            title: notification.title,
          }),
        )
      : title;
  const url = notification.link === undefined ? null : linkUrl(notification.link, options.baseUrl);
  return {
    language,
    kind: notification.kind,
    severity: notification.severity,
    subject,
    title,
    sections: notification.sections.map((section) => ({
      heading: section.heading ? say(section.heading) : null,
      lines: section.lines.map(say),
    })),
    link: url === null ? null : { url, label: say(notifyMessage('notify.link.open')) },
  };
}

/** The plain text of a rendered notification: title, sections with their lines, link. */
export function plainText(rendered: RenderedNotification): string {
  const blocks: string[] = [rendered.title];
  for (const section of rendered.sections) {
    const lines = section.lines.map((line) => `- ${line}`);
    blocks.push([...(section.heading ? [section.heading] : []), ...lines].join('\n'));
  }
  if (rendered.link) blocks.push(`${rendered.link.label}: ${rendered.link.url}`);
  return blocks.join('\n\n');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** An email of a rendered notification, with the footer saying why it came, in its language. */
export function emailContent(
  rendered: RenderedNotification,
  workspaceName: string,
  sayers: readonly Sayer[] = [],
): EmailContent {
  const footer = sayNotify(
    notifyMessage('notify.email.footer', { workspace: workspaceName }),
    rendered.language,
    sayers,
  );
  const html = [
    `<!doctype html><html lang="${rendered.language === 'zh' ? 'zh-CN' : 'en'}"><body>`,
    `<h2>${escapeHtml(rendered.title)}</h2>`,
    ...rendered.sections.map(
      (section) =>
        `${section.heading ? `<h3>${escapeHtml(section.heading)}</h3>` : ''}<ul>${section.lines
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul>`,
    ),
    rendered.link
      ? `<p><a href="${escapeHtml(rendered.link.url)}">${escapeHtml(rendered.link.label)}</a></p>`
      : '',
    `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: rendered.subject, text: `${plainText(rendered)}\n\n--\n${footer}\n`, html };
}
