/**
 * Targets with their pacing (red / amber / green against the to-date target), and the
 * scorecard ranking of campaigns, channels or creators by a template's weighted attainment.
 * Editors and admins set new targets here; the SMART check of a saved one shows at once, so a
 * target that is vague, unmeasurable or out of reach is seen before anyone plans against it.
 */
import { scopePins } from '@markpi/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { BulkTargetResult, EntityScore, TargetListItem, TargetVersion } from '../api/types';
import { useResource } from '../api/use-resource';
import { useTargets } from '../api/use-targets';
import { RagBadge } from '../components/Badges';
import { BulkTargetForm } from '../components/BulkTargetForm';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import { PeriodPicker } from '../components/PeriodPicker';
import { SmartCheck } from '../components/SmartCheck';
import { Empty, ErrorState, Loading } from '../components/States';
import { TargetForm } from '../components/TargetForm';
import { useWorkspace } from '../context';
import { useLanguage, useSayMessage } from '../i18n';
import { isDay, lastDays } from '../lib/dates';
import { formatPercent, formatRange, formatValue } from '../lib/format';
import { dimensionValueLabel } from '../lib/labels';
import { Link, useSearchState } from '../router';

const SCORE_BY = ['campaign', 'channel', 'creator'] as const;
/** What a KPI without a target is scored against; the dashboard scores against own history by default. */
const BASELINES = ['own_history', 'own_last_year', 'peers_median', 'none'] as const;

export function TargetsPage() {
  const { t } = useTranslation();
  const { workspace, canEdit } = useWorkspace();
  const { targets, available, loading, error, reload } = useTargets(workspace.id);
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<TargetVersion | null>(null);
  return (
    <>
      <PageHeader
        title={t('targets.title')}
        actions={
          canEdit && available ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setSaved(null);
                setCreating(true);
              }}
              disabled={creating}
              data-testid="new-target"
            >
              + {t('targetForm.newTarget')}
            </button>
          ) : null
        }
      />
      {creating ? (
        <TargetForm
          existing={null}
          onClose={() => setCreating(false)}
          onSaved={(result) => {
            setCreating(false);
            setSaved(result.current);
            reload();
          }}
        />
      ) : null}
      {saved ? <SavedTargetCheck saved={saved} onDismiss={() => setSaved(null)} /> : null}
      <section className="card" data-testid="targets-list">
        <div className="card-header">
          <h2>{t('targets.list')}</h2>
        </div>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : loading && targets.length === 0 ? (
          <Loading />
        ) : targets.length === 0 ? (
          <Empty title={t('targets.none')} icon="◎">
            {available ? t('targets.noneBody') : t('targets.unavailable')}
          </Empty>
        ) : (
          <TargetTable items={targets} highlight={saved?.target.id} />
        )}
      </section>
      <Scorecards targets={targets} ready={!loading} onTargetsSaved={reload} />
    </>
  );
}

/** Where a new target lands: a link to it, and its SMART check as the server rates it. */
function SavedTargetCheck({ saved, onDismiss }: { saved: TargetVersion; onDismiss: () => void }) {
  const { t } = useTranslation();
  const { workspace, kpiName } = useWorkspace();
  const { target, version } = saved;
  const check = useResource(`${workspace.id}|check|${target.id}|${version}`, (signal) =>
    api.targetCheck(workspace.id, target.id, signal),
  );
  return (
    <>
      <div className="callout callout-good saved-target" role="status" data-testid="target-saved">
        <span>
          {t('targetForm.saved', { name: `${kpiName(target.kpi)} · ${target.scope.label}`, version })}
        </span>
        <span className="spacer" />
        <Link
          className="button button-small"
          href={`/workspaces/${encodeURIComponent(workspace.id)}/targets/${encodeURIComponent(target.id)}`}
        >
          {t('targetForm.open')}
        </Link>
        <button type="button" className="button button-small button-ghost" onClick={onDismiss}>
          {t('targetForm.dismiss')}
        </button>
      </div>
      {check.error ? (
        <ErrorState error={check.error} onRetry={check.reload} />
      ) : check.data ? (
        <SmartCheck check={check.data.check} title={t('targetForm.smartOfSaved')} />
      ) : (
        <Loading compact />
      )}
    </>
  );
}

function TargetTable({ items, highlight }: { items: TargetListItem[]; highlight: string | undefined }) {
  const { t } = useTranslation();
  const { workspace, format, kpiName, kpi } = useWorkspace();
  const unitOf = (id: string) => kpi(id)?.unit;
  const columns: TableColumn<TargetListItem>[] = [
    {
      key: 'kpi',
      header: `${t('targets.kpi')} · ${t('targets.scope')}`,
      sortValue: (item) => kpiName(item.target.kpi),
      render: (item) => (
        <span className="nowrap">
          <Link
            href={`/workspaces/${encodeURIComponent(workspace.id)}/targets/${encodeURIComponent(item.target.id)}`}
            className="strong"
            data-testid={`target-link-${item.target.id}`}
          >
            {kpiName(item.target.kpi)}
          </Link>
          <span className="muted small block">{scopeText(t, item.target.scope)}</span>
        </span>
      ),
    },
    {
      key: 'period',
      header: t('targets.period'),
      sortValue: (item) => item.target.period.from,
      render: (item) => (
        <span className="nowrap">
          {formatRange(item.target.period.from, item.target.period.to, format.locale)}
        </span>
      ),
    },
    {
      key: 'value',
      header: t('targets.target'),
      numeric: true,
      sortValue: (item) => item.target.value,
      render: (item) => formatValue(item.target.value, unitOf(item.target.kpi), format),
    },
    {
      key: 'toDate',
      header: t('targets.toDate'),
      numeric: true,
      sortValue: (item) => item.pace?.actualToDate ?? null,
      render: (item) =>
        item.pace ? (
          <span>
            {formatValue(item.pace.actualToDate, unitOf(item.target.kpi), format)}
            <span className="muted small block">
              / {formatValue(item.pace.targetToDate, unitOf(item.target.kpi), format)}
            </span>
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'index',
      header: t('targets.index'),
      numeric: true,
      sortValue: (item) => item.pace?.index ?? null,
      render: (item) => formatPercent(item.pace?.index, format.locale),
    },
    {
      key: 'status',
      header: t('targets.status'),
      sortValue: (item) =>
        ['red', 'amber', 'green', 'not_started', 'no_data'].indexOf(item.pace?.status ?? 'no_data'),
      render: (item) => (
        <span className="nowrap">
          <RagBadge status={item.pace?.status ?? 'no_data'} />
          {item.pace?.outcome ? (
            <span className="muted small block" data-testid="pace-outcome" data-outcome={item.pace.outcome}>
              {t(`targetOutcome.${item.pace.outcome}`)}
            </span>
          ) : null}
        </span>
      ),
    },
    {
      key: 'probability',
      header: t('targets.probability'),
      numeric: true,
      sortValue: (item) => item.pace?.probability ?? null,
      render: (item) => formatPercent(item.pace?.probability, format.locale),
    },
    {
      key: 'owner',
      header: t('targets.owner'),
      sortValue: (item) => item.target.owner ?? null,
      render: (item) => (
        <span>
          {item.target.owner ?? '—'}
          <span className="muted small block">
            {t('targets.cadence')}: {t(`targets.cadences.${item.target.cadence}`)}
          </span>
        </span>
      ),
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={items}
      rowKey={(item) => item.target.id}
      rowClassName={(item) => (item.target.id === highlight ? 'row-highlight' : undefined)}
      testId="targets-table"
    />
  );
}

/**
 * A scope as people read it. Scopes are stored by id (`channel = 'douyin'`, labelled `douyin`),
 * so a scope that is one dimension's value reads as that value's name in the page's language.
 */
function scopeText(t: TFunction, scope: { filter?: string; label: string }): string {
  // The schema's default label for a target without a condition, stored in English.
  if (!scope.filter && scope.label === 'whole workspace') return t('targetScope.wholeWorkspace');
  const pins = scopePins(scope.filter);
  const [pinned] = pins ? Object.entries(pins) : [];
  if (pins && Object.keys(pins).length === 1 && pinned && pinned[1] === scope.label)
    return dimensionValueLabel(t, pinned[0], pinned[1]);
  return scope.label;
}

/** The period of the target that ends last: where a scorecard has targets to score against. */
function latestTargetPeriod(items: readonly TargetListItem[]): { from: string; to: string } | null {
  const latest = [...items].sort((a, b) => b.target.period.to.localeCompare(a.target.period.to))[0];
  return latest ? latest.target.period : null;
}

function Scorecards({
  targets,
  ready,
  onTargetsSaved,
}: {
  targets: readonly TargetListItem[];
  ready: boolean;
  onTargetsSaved: () => void;
}) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const { workspace, format, kpiName, kpi, canEdit } = useWorkspace();
  const say = useSayMessage(kpiName);
  const [search, setSearch] = useSearchState();
  const lastDay = workspace.dataRange?.to;
  const templates = useResource(
    `${workspace.id}|templates`,
    async (signal) => (await api.scorecardTemplates(workspace.id, signal)).templates,
  );
  const templateId = search.get('template') ?? 'promotion';
  const by = search.get('by') ?? 'campaign';
  const from = search.get('sfrom');
  const to = search.get('sto');
  const period =
    from && to && isDay(from) && isDay(to)
      ? { from, to }
      : (latestTargetPeriod(targets) ?? (lastDay ? lastDays(lastDay, 30) : null));
  const baselineParam = search.get('sbase');
  const baseline = (BASELINES as readonly string[]).includes(baselineParam ?? '')
    ? baselineParam!
    : 'own_history';
  const [showUnscored, setShowUnscored] = useState(false);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkSaved, setBulkSaved] = useState<BulkTargetResult | null>(null);
  const [targetsVersion, setTargetsVersion] = useState(0);

  const card = useResource(
    period && ready
      ? `${workspace.id}|scorecard|${templateId}|${by}|${period.from}|${period.to}|${baseline}|${targetsVersion}`
      : null,
    async (signal) => {
      try {
        return await api.scorecard(
          workspace.id,
          { template: templateId, by, from: period!.from, to: period!.to, baseline },
          signal,
        );
      } catch (error) {
        if (isApiError(error) && error.status === 404 && error.code !== 'workspace_not_found') return null;
        throw error;
      }
    },
  );
  const template = (templates.data ?? []).find((entry) => entry.id === templateId);
  const entities = card.data?.entities ?? [];
  // Entities nothing could be scored for (no targets for them) wait behind a button.
  const scored = entities.filter((entity) => entity.score !== null);
  const shown = showUnscored || scored.length === 0 ? entities : scored;

  const columns: TableColumn<EntityScore>[] = [
    {
      key: 'rank',
      header: t('targets.rank'),
      numeric: true,
      render: (entity) => (entity.rank === null ? '—' : `#${entity.rank}`),
    },
    {
      key: 'entity',
      header: t('targets.entity'),
      className: 'cell-name',
      render: (entity) => (
        <span className="entity">
          {dimensionValueLabel(t, by, entity.entity, { [entity.entity]: entity.label })}
          {entity.label !== entity.entity && by !== 'channel' ? (
            <code className="entity-id">{entity.entity}</code>
          ) : null}
        </span>
      ),
    },
    {
      key: 'score',
      header: t('targets.score'),
      numeric: true,
      render: (entity) => (
        <div className="score-cell">
          <span className="score-bar" aria-hidden="true">
            <span
              style={{ width: `${Math.min((entity.score ?? 0) / (card.data?.cap ?? 1.2), 1) * 100}%` }}
              className={scoreTone(entity.score)}
            />
          </span>
          <strong>{formatPercent(entity.score, format.locale)}</strong>
        </div>
      ),
    },
    {
      key: 'coverage',
      header: t('targets.coverage'),
      numeric: true,
      render: (entity) => formatPercent(entity.coverage, format.locale),
    },
    {
      key: 'kpis',
      header: t('targets.kpiScores'),
      render: (entity) => (
        <div className="kpi-scores">
          {entity.kpis.map((score) => (
            <span
              key={score.kpi}
              className={`kpi-score kpi-score-${score.status}`}
              data-basis={score.basis}
              title={`${kpiName(score.kpi)}: ${formatValue(score.actual, kpi(score.kpi)?.unit, format)} / ${formatValue(score.target, kpi(score.kpi)?.unit, format)}${score.note ? ` — ${say(score.noteMessage, score.note)}` : ''}`}
            >
              {kpiName(score.kpi)}{' '}
              {score.status === 'scored'
                ? formatPercent(score.attainment, format.locale)
                : t(`targets.scoreStatus.${score.status}`)}
              {score.status === 'scored' && score.basis && score.basis !== 'target' ? (
                <span className="kpi-score-basis" data-testid="score-basis">
                  {' '}
                  ({t(`scorecardBaseline.basis.${score.basis}`)})
                </span>
              ) : null}
              <span className="muted">
                {' '}
                × {formatPercent(score.effectiveWeight || score.weight, format.locale)}
              </span>
            </span>
          ))}
        </div>
      ),
    },
  ];

  return (
    <section className="card" data-testid="scorecards">
      <div className="card-header">
        <div>
          <h2>{t('targets.scorecards')}</h2>
          {template ? (
            <p className="muted">
              {t('targets.weights')}:{' '}
              {template.items
                .map((item) => `${kpiName(item.kpi)} ${formatPercent(item.weight, format.locale)}`)
                .join(' · ')}
            </p>
          ) : null}
        </div>
        <div className="toolbar">
          <label className="inline-field">
            <span>{t('targets.template')}</span>
            <select
              value={templateId}
              onChange={(event) => setSearch({ template: event.target.value })}
              data-testid="scorecard-template"
            >
              {(templates.data ?? []).map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {t(`targets.templates.${entry.id}`, {
                    defaultValue: pick({
                      en: entry.name.en,
                      ...(entry.name.zh ? { zh: entry.name.zh } : {}),
                    }),
                  })}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('targets.by')}</span>
            <select value={by} onChange={(event) => setSearch({ by: event.target.value })}>
              {SCORE_BY.map((option) => (
                <option key={option} value={option}>
                  {t(`targets.byOptions.${option}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('scorecardBaseline.label')}</span>
            <select
              value={baseline}
              onChange={(event) => setSearch({ sbase: event.target.value })}
              data-testid="scorecard-baseline"
            >
              {BASELINES.map((option) => (
                <option key={option} value={option}>
                  {t(`scorecardBaseline.options.${option}`)}
                </option>
              ))}
            </select>
          </label>
          {canEdit && period && entities.length > 0 && template ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                setBulkSaved(null);
                setBulkOpen(true);
              }}
              disabled={bulkOpen}
              data-testid="bulk-targets-open"
            >
              {t('bulkTargets.open')}
            </button>
          ) : null}
          {lastDay && period ? (
            <PeriodPicker
              value={period}
              lastDay={lastDay}
              onChange={(range) => setSearch({ sfrom: range.from, sto: range.to })}
            />
          ) : null}
        </div>
      </div>
      {bulkOpen && period && template ? (
        <BulkTargetForm
          by={by}
          period={period}
          entities={entities.map((entity) => entity.entity)}
          kpis={template.items.map((item) => item.kpi)}
          onClose={() => setBulkOpen(false)}
          onSaved={(result) => {
            setBulkOpen(false);
            setBulkSaved(result);
            setTargetsVersion((version) => version + 1);
            onTargetsSaved();
          }}
        />
      ) : null}
      {bulkSaved ? (
        <p className="notice" role="status" data-testid="bulk-saved">
          {t('bulkTargets.saved', { count: bulkSaved.saved.length })}
          {bulkSaved.skipped.length > 0
            ? ` ${t('bulkTargets.skipped', { entities: bulkSaved.skipped.map((entry) => entry.entity).join(', ') })}`
            : ''}
        </p>
      ) : null}
      {card.error ? (
        <ErrorState error={card.error} onRetry={card.reload} />
      ) : card.loading && !card.data ? (
        <Loading />
      ) : entities.length === 0 ? (
        <Empty title={t('targets.noScores')} icon="◎">
          {card.data === null ? t('targets.unavailable') : t('targets.noScoresBody')}
        </Empty>
      ) : (
        <>
          <DataTable
            columns={columns}
            rows={shown}
            rowKey={(entity) => entity.entity}
            testId="scorecard-table"
          />
          {entities.length > shown.length ? (
            <button type="button" className="button button-ghost" onClick={() => setShowUnscored(true)}>
              {t('targets.showUnscored', { count: entities.length - shown.length })}
            </button>
          ) : null}
          {card.data?.notes.length ? (
            <ul className="warnings">
              {card.data.notes.map((note, index) => (
                <li key={note}>{say(card.data?.noteMessages[index], note)}</li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}

function scoreTone(score: number | null): string {
  if (score === null) return 'bar-none';
  return score < 0.9 ? 'bar-below' : score < 1 ? 'bar-amber' : 'bar-above';
}
