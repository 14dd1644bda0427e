/**
 * The inbox in the header: a link with the count of unread notifications. The count is asked
 * for when the workspace opens, every minute after, and when the window comes back to the front;
 * the inbox page announces a new count as soon as something is marked read.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { Link } from '../router';
import './notifications.css';

const UNREAD_EVENT = 'markpi:unread';
const POLL_MS = 60_000;

/** Tells the header the member's unread count changed (marked read on the inbox page). */
export function announceUnread(workspaceId: string, unread: number): void {
  window.dispatchEvent(new CustomEvent(UNREAD_EVENT, { detail: { workspaceId, unread } }));
}

export function InboxBell({ workspaceId, active }: { workspaceId: string; active: boolean }) {
  const { t } = useTranslation();
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    let controller = new AbortController();
    const ask = () => {
      controller.abort();
      controller = new AbortController();
      api.unread(workspaceId, controller.signal).then(
        (answer) => setUnread(answer.unread),
        // No badge rather than an error in the header: the page itself says what is wrong.
        () => undefined,
      );
    };
    const announced = (event: Event) => {
      const detail = (event as CustomEvent<{ workspaceId: string; unread: number }>).detail;
      if (detail.workspaceId === workspaceId) setUnread(detail.unread);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') ask();
    };
    setUnread(null);
    ask();
    const timer = window.setInterval(ask, POLL_MS);
    window.addEventListener(UNREAD_EVENT, announced);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      controller.abort();
      window.clearInterval(timer);
      window.removeEventListener(UNREAD_EVENT, announced);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [workspaceId]);

  const count = unread ?? 0;
  const label =
    count > 0 ? `${t('inbox.open')}: ${t('inbox.badge', { count })}` : (t('inbox.open') as string);
  return (
    <Link
      href={`/workspaces/${encodeURIComponent(workspaceId)}/inbox`}
      className={`inbox-bell${active ? ' active' : ''}`}
      aria-label={label}
      title={label}
      aria-current={active ? 'page' : undefined}
      data-testid="inbox-bell"
      data-unread={unread ?? ''}
    >
      <span aria-hidden="true" className="inbox-bell-icon">
        ✉
      </span>
      {count > 0 ? (
        <span className="inbox-badge" data-testid="inbox-badge" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}
