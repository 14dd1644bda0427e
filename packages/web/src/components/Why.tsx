/**
 * The "why?" action every number of the dashboard carries, and the host of the panel it opens.
 * Opening puts the question in the URL (`lib/why.ts`), so the panel survives a reload and a link
 * shares it; the panel's code is a chunk of its own, fetched the first time one opens.
 */
import { lazy, Suspense, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { readWhyRequest, type WhyRequest, whySearch } from '../lib/why';
import { useLocation, useSearchState } from '../router';
import { ChunkErrorBoundary } from './States';
import './why.css';

const WhyPanel = lazy(() => import('./WhyPanel').then((module) => ({ default: module.WhyPanel })));

/** Opens the panel on a question, or closes it (null), keeping the page's own state. */
export function useOpenWhy(): (request: WhyRequest | null) => void {
  const [, setSearch] = useSearchState();
  return useCallback((request) => setSearch(whySearch(request)), [setSearch]);
}

export function WhyButton({
  request,
  kpiName,
  scope,
  testId,
}: {
  request: WhyRequest;
  kpiName: string;
  /** What the number is of (a channel, a campaign, a day), for people who can't see the row. */
  scope?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const open = useOpenWhy();
  const label = scope
    ? t('why.actionLabelIn', { kpi: kpiName, scope })
    : t('why.actionLabel', { kpi: kpiName });
  return (
    <button
      type="button"
      className="why-button"
      title={label}
      aria-label={label}
      data-testid={testId ?? `why-${request.kpi}`}
      onClick={(event) => {
        // A button inside a link or a clickable row asks only its own question.
        event.stopPropagation();
        open(request);
      }}
    >
      {t('why.action')}
    </button>
  );
}

/** Shows the panel while the URL holds a question. Inside a workspace: the panel reads its catalog. */
export function WhyHost() {
  const { search } = useLocation();
  const request = readWhyRequest(search);
  const open = useOpenWhy();
  if (!request) return null;
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={null}>
        <WhyPanel request={request} onClose={() => open(null)} />
      </Suspense>
    </ChunkErrorBoundary>
  );
}
