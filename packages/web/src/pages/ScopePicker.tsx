/**
 * Scoped access in the dashboard: the picker of a member's or a share link's channels (the
 * values picker's data: channels with data in the default window, plus any already chosen), a
 * scope said in a line, and a share link's pages. Campaigns and accounts in a scope are kept as
 * they are (the API sets them).
 */
import type { AccessScope, SharePage } from '@markpi/core';
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

/** A scope with these channels (none: the whole workspace, unless campaigns or accounts remain). */
function withChannels(scope: AccessScope | null, channels: string[]): AccessScope | null {
  const { channels: _old, ...rest } = scope ?? {};
  const next: AccessScope = channels.length > 0 ? { ...rest, channels } : rest;
  return Object.keys(next).length > 0 ? next : null;
}

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
  const { workspace } = useWorkspace();
  const values = useResource(`${workspace.id}|values|channel|scope`, (signal) =>
    api.values(workspace.id, 'channel', { limit: 50 }, signal),
  );
  const chosen = value?.channels ?? [];
  const offered = [...new Set([...(values.data?.values.map((entry) => entry.value) ?? []), ...chosen])];
  const toggle = (channel: string, on: boolean) =>
    onChange(withChannels(value, on ? [...chosen, channel] : chosen.filter((entry) => entry !== channel)));
  return (
    <fieldset className="scope-picker" data-testid={testId}>
      <legend className="field-label">
        {t('access.scope')}: {chosen.length === 0 && !value ? t('access.wholeWorkspace') : null}
      </legend>
      {offered.length === 0 && values.data ? (
        <span className="muted small">{t('access.noChannels')}</span>
      ) : null}
      {offered.map((channel) => (
        <label key={channel} className="inline-field">
          <input
            type="checkbox"
            checked={chosen.includes(channel)}
            onChange={(event) => toggle(channel, event.target.checked)}
            data-testid={testId ? `${testId}-${channel}` : undefined}
          />
          <span>{dimensionValueLabel(t, 'channel', channel)}</span>
        </label>
      ))}
    </fieldset>
  );
}

const PAGE_CHOICES: SharePage[] = ['overview', 'explore'];

/** A share link's pages: the overview and Explore (boards by the API). */
export function PagesPicker({
  value,
  onChange,
}: {
  value: SharePage[];
  onChange: (pages: SharePage[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="scope-picker" data-testid="link-pages">
      <legend className="field-label">{t('access.pages')}</legend>
      {PAGE_CHOICES.map((page) => (
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
          <span>{t(`access.page.${page}`)}</span>
        </label>
      ))}
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
