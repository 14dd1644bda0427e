/**
 * Scoped access in the dashboard: the picker of a member's or a share link's channels, campaigns
 * and accounts (the values picker's data: values with data in the default window, plus any
 * already chosen), a scope said in a line, and a share link's pages.
 */
import { type AccessScope, type SharePage, sharedBoards } from '@markpi/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { useWorkspace } from '../context';
import { dimensionValueLabel } from '../lib/labels';

/** The scope's values in one line, channels by their names: `抖音、快手`. */
export function useScopeText(): (scope: AccessScope | null | undefined) => string | null {
  const { t, i18n } = useTranslation();
  return (scope) => {
    const values = [
      ...(scope?.channels ?? []).map((channel) => dimensionValueLabel(t, 'channel', channel)),
      ...(scope?.campaigns ?? []),
      ...(scope?.accounts ?? []),
    ];
    return values.length === 0 ? null : values.join(i18n.language === 'zh-CN' ? '、' : ', ');
  };
}

/** The scope's dimensions as the pickers show them, with the key each has in a scope. */
const PICKED = [
  { key: 'channels', dimension: 'channel' },
  { key: 'campaigns', dimension: 'campaign' },
  { key: 'accounts', dimension: 'account' },
] as const;

type PickedKey = (typeof PICKED)[number]['key'];

/** A scope with these values of one dimension (none: that dimension left open; nothing left: null). */
function withValues(scope: AccessScope | null, key: PickedKey, values: string[]): AccessScope | null {
  const next: AccessScope = { ...scope };
  if (values.length > 0) next[key] = values;
  else delete next[key];
  return Object.keys(next).length > 0 ? next : null;
}

/** One dimension's values with data (the values picker's question), plus any already chosen. */
function DimensionChoices({
  dimension,
  chosen,
  onChange,
  testId,
}: {
  dimension: string;
  chosen: string[];
  onChange: (values: string[]) => void;
  testId: string | undefined;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const values = useResource(`${workspace.id}|values|${dimension}|scope`, (signal) =>
    api.values(workspace.id, dimension, { limit: 50 }, signal),
  );
  const offered = [...new Set([...(values.data?.values.map((entry) => entry.value) ?? []), ...chosen])];
  return (
    <>
      {offered.length === 0 && values.data ? (
        <span className="muted small">{t('access.noValues')}</span>
      ) : null}
      {offered.map((value) => (
        <label key={value} className="inline-field">
          <input
            type="checkbox"
            checked={chosen.includes(value)}
            onChange={(event) =>
              onChange(event.target.checked ? [...chosen, value] : chosen.filter((entry) => entry !== value))
            }
            data-testid={testId ? `${testId}-${value}` : undefined}
          />
          <span>{dimensionValueLabel(t, dimension, value)}</span>
        </label>
      ))}
    </>
  );
}

/** A scope's channels, campaigns and accounts: any of the values ticked in each, all ticked dimensions. */
export function ScopePicker({
  value,
  onChange,
  testId,
}: {
  value: AccessScope | null;
  onChange: (scope: AccessScope | null) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="scope-picker" data-testid={testId}>
      <legend className="field-label">
        {t('access.scope')}: {value ? null : t('access.wholeWorkspace')}
      </legend>
      {PICKED.map(({ key, dimension }) => (
        <div key={key} className="scope-dimension">
          <span className="muted small">{t(`access.${key}`)}</span>{' '}
          <DimensionChoices
            dimension={dimension}
            chosen={value?.[key] ?? []}
            onChange={(values) => onChange(withValues(value, key, values))}
            testId={testId}
          />
        </div>
      ))}
    </fieldset>
  );
}

const PAGE_CHOICES: SharePage[] = ['overview', 'explore'];

/**
 * A share link's pages: the overview, Explore and the workspace's shared boards (a private board is
 * its maker's alone, so a link cannot answer it). A board picked that is no longer listed stays
 * offered, ticked, so it can be taken off.
 */
export function PagesPicker({
  value,
  onChange,
}: {
  value: SharePage[];
  onChange: (pages: SharePage[]) => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const boards = useResource(`${workspace.id}|boards|link-pages`, (signal) =>
    api.boards(workspace.id, signal),
  );
  const shared = (boards.data?.boards ?? []).filter((board) => board.shared);
  const listed = new Set(shared.map((board) => board.id));
  const boardChoices = [
    ...shared.map((board) => ({ page: `board:${board.id}` as SharePage, name: board.name })),
    ...sharedBoards(value)
      .filter((id) => !listed.has(id))
      .map((id) => ({ page: `board:${id}` as SharePage, name: t('access.page.board', { id }) })),
  ];
  const choice = (page: SharePage, name: string) => (
    <label key={page} className="inline-field">
      <input
        type="checkbox"
        checked={value.includes(page)}
        onChange={(event) => {
          const next = event.target.checked ? [...value, page] : value.filter((entry) => entry !== page);
          if (next.length > 0) onChange(next);
        }}
        data-testid={`link-page-${page}`}
      />
      <span>{name}</span>
    </label>
  );
  return (
    <fieldset className="scope-picker" data-testid="link-pages">
      <legend className="field-label">{t('access.pages')}</legend>
      {PAGE_CHOICES.map((page) => choice(page, t(`access.page.${page}`)))}
      <div className="scope-dimension" data-testid="link-boards">
        <span className="muted small">{t('sharePages.boards')}</span>{' '}
        {boardChoices.length === 0 && boards.data ? (
          <span className="muted small">{t('sharePages.noBoards')}</span>
        ) : null}
        {boardChoices.map(({ page, name }) => choice(page, name))}
      </div>
    </fieldset>
  );
}

/** A link's pages in words. */
export function usePagesText(): (pages: readonly SharePage[]) => string {
  const { t, i18n } = useTranslation();
  return (pages) =>
    pages
      .map((page) =>
        page.startsWith('board:')
          ? t('access.page.board', { id: page.slice('board:'.length) })
          : t(`access.page.${page}`),
      )
      .join(i18n.language === 'zh-CN' ? '、' : ', ');
}
