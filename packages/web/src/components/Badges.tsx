import { useTranslation } from 'react-i18next';
import type { PaceStatus, Role } from '../api/types';

/** Red / amber / green against the to-date target; grey when there is nothing to judge yet. */
export function RagBadge({ status, title }: { status: PaceStatus; title?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`rag rag-${status}`} title={title} data-testid="rag-badge" data-status={status}>
      <span className="rag-dot" aria-hidden="true" />
      {t(`rag.${status}`)}
    </span>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <span className={`badge badge-role-${role}`}>{t(`role.${role}`)}</span>;
}

export function StatusBadge({
  tone,
  children,
}: {
  tone: 'good' | 'bad' | 'warn' | 'neutral' | 'info';
  children: string;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
