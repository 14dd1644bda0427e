import { annotationsInView, combineFilters, overlap, sameScope } from '@markpi/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { Overview, OverviewTile, TargetListItem, Workspace } from '../api/types';
import { useResource } from '../api/use-resource';
import { useTargets } from '../api/use-targets';
import { RagBadge } from '../components/Badges';
import { askBoardsAtLoad, BoardPanel, useBoardsEarly } from '../components/BoardPanel';
import { FilterBar, PICKER_DIMENSIONS } from '../components/FilterBar';
import { PageHeader } from '../components/Layout';
import { FunnelPanel, TileGrid } from '../components/OverviewPanels';
import { CompareSelect, PeriodPicker } from '../components/PeriodPicker';
import { Empty, ErrorState, Loading } from '../components/States';
import { TilesEditor } from '../components/TilesEditor';
import { useWorkspace } from '../context';
import { filterConstraints } from '../lib/annotations';
import { isDay, lastDays } from '../lib/dates';
import { pageFilter, pickKey, pickParam, readPicks } from '../lib/filters';
import { formatDay, formatPercent, formatRange, formatValue } from '../lib/format';
import { isSingleChannel } from '../lib/funnel-history';
import { comparisonText, isEventPeriod, isNamedPeriod, isPeriodCompare } from '../lib/periods';
import { coveringTarget } from '../lib/targets';
import { equalsCondition, type WhyRequest } from '../lib/why';
import { Link, useSearchState } from '../router';

/**
 * The overview's question for a workspace's page address: its window (the URL's dates or named
 * period, else the last 30 days of data), comparison and filter, under the key it is kept by;
 * null when the workspace has no data.
 */
function overviewQuestion(workspace: Pick<Workspace, 'id' | 'dataRange'>, search: URLSearchParams) {
  const lastDay = workspace.dataRange?.to;
  const defaults = lastDay ? lastDays(lastDay, 30) : null;
  const fromParam = search.get('from');
  const toParam = search.get('to');
  const period =
    fromParam && toParam && isDay(fromParam) && isDay(toParam) ? { from: fromParam, to: toParam } : defaults;
  // A named period (a preset, an event) is resolved by the server in the workspace's time zone.
  const namedParam = search.get('period');
  const named = isNamedPeriod(namedParam) ? namedParam : null;
  const compareParam = search.get('compare');
  // Absent: the server's default for the window (the same event last year for an event).
  const compare = isPeriodCompare(compareParam) ? compareParam : undefined;
  // The filter bar: values picked per dimension and the formula typed beside them, asked together.
  const picks = readPicks(search, PICKER_DIMENSIONS);
  const formula = search.get('filter') ?? '';
  const filter = pageFilter(picks, formula);
  const key = workspace.dataRange
    ? `${workspace.id}|${named ?? `${period?.from}|${period?.to}`}|${compare ?? ''}|${filter ?? ''}`
    : null;
  const params = {
    ...(named ? { period: named } : period ? { from: period.from, to: period.to } : {}),
    ...(compare ? { compare } : {}),
    ...(filter ? { filter } : {}),
  };
  return { key, params, lastDay, period, named, compare, picks, formula, filter };
}

/** The overview asked as the page's code loaded, by its key; taken once, and only while fresh. */
let askedAtLoad: { key: string; askedAt: number; answer: Promise<Overview> } | undefined;
const AT_LOAD_FOR_MS = 10_000;

/**
 * Asks the overview as this page's code loads: it needs the workspace's last day of data, so the
 * workspace is asked for it here too, rather than after the shell has drawn with it and the page
 * has been revealed (a quarter to a third of a second on a loaded machine); the page takes the
 * answer when it asks under the same key.
 */
function askOverviewAtLoad(location: { pathname: string; search: string }): void {
  const path = location.pathname.split('/').filter(Boolean);
  if (path[0] !== 'workspaces' || path[1] === undefined) return;
  if (path.length > 3 || (path[2] !== undefined && path[2] !== 'overview')) return;
  const id = decodeURIComponent(path[1]);
  const search = new URLSearchParams(location.search);
  const askedAt = Date.now();
  const answer = api.workspace(id).then(({ workspace }) => {
    const { key, params } = overviewQuestion(workspace, search);
    if (key === null) throw new Error('no data');
    const overview = api.overview(id, params);
    askedAtLoad = { key, askedAt, answer: overview };
    // Its failure is the page's to show when it asks again, not an unhandled rejection.
    overview.catch(() => undefined);
  });
  answer.catch(() => undefined);
}

function takeOverviewAtLoad(key: string, load: () => Promise<Overview>): Promise<Overview> {
  const kept = askedAtLoad;
  askedAtLoad = undefined;
  return kept && kept.key === key && Date.now() - kept.askedAt < AT_LOAD_FOR_MS ? kept.answer : load();
}

// The board in the URL and the overview are asked as this page's code loads, before the
// workspace has drawn the page.
askBoardsAtLoad(window.location);
askOverviewAtLoad(window.location);

export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const { workspace, format } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const asked = overviewQuestion(workspace, search);
  const { lastDay, period, named, compare, picks, formula, filter } = asked;
  const choices = useResource(`${workspace.id}|periods`, (signal) => api.periods(workspace.id, signal));

  const overview = useResource(asked.key, (signal) =>
    takeOverviewAtLoad(asked.key!, () => api.overview(workspace.id, asked.params, signal)),
  );
  useBoardsEarly();
  const { targets } = useTargets(workspace.id);
  // One channel in scope: its funnel is judged against its own history, not a median of itself.
  const shown = overview.data;
  const alone = shown ? isSingleChannel(shown.funnel) : false;
  const history = useResource(
    shown && alone
      ? `${workspace.id}|weakest-link|${shown.period.from}|${shown.period.to}|${filter ?? ''}`
      : null,
    (signal) =>
      api.weakestLink(
        workspace.id,
        { from: shown!.period.from, to: shown!.period.to, ...(filter ? { filter } : {}) },
        signal,
      ),
  );
  const whyFor = (kpi: string, extra?: string): WhyRequest => ({
    kpi,
    from: shown?.period.from ?? period?.from ?? '',
    to: shown?.period.to ?? period?.to ?? '',
    // "Why" compares by the planner's shifts: the same event's dates a year back are last year's.
    compare: (shown?.compare ?? compare) === 'previous' ? 'previous' : 'last_year',
    ...(combineFilters(filter, extra) ? { filter: combineFilters(filter, extra)! } : {}),
  });

  const targetFor = (tile: OverviewTile) => {
    const shown = overview.data?.period;
    if (!shown) return undefined;
    const item = coveringTarget(targets, tile.kpi, shown, filter);
    return item ? { item, pace: item.pace } : undefined;
  };

  const data = overview.data;
  // Notes whose days and scope the tiles hold: the picked values, and what the formula states plainly.
  const notes = useResource(
    data ? `${workspace.id}|annotations|${data.period.from}|${data.period.to}` : null,
    (signal) => api.annotations(workspace.id, data!.period, signal),
  );
  const constraints = { ...filterConstraints(formula), ...picks };
  const notesInView = data ? annotationsInView(notes.data?.annotations ?? [], data.period, constraints) : [];
  return (
    <>
      <PageHeader
        title={t('overview.title')}
        subtitle={
          data
            ? t('overview.subtitle', {
                range: formatRange(data.period.from, data.period.to, format.locale),
                compare: data.comparePeriod
                  ? comparisonText(
                      t,
                      { mode: data.compare, period: data.comparePeriod, event: data.compareEvent },
                      i18n.language,
                      formatRange,
                    )
                  : t(`compare.${data.compare}`),
              })
            : lastDay
              ? t('period.dataThrough', { date: formatDay(lastDay, format.locale) })
              : undefined
        }
        actions={
          lastDay && period ? (
            <>
              <PeriodPicker
                value={named && data ? data.period : period}
                lastDay={lastDay}
                bounds={workspace.dataRange}
                onChange={(range) => setSearch({ from: range.from, to: range.to, period: null })}
                named={{
                  value: named,
                  choices: choices.data ?? null,
                  onChange: (spec) => setSearch({ period: spec, from: null, to: null, compare: null }),
                }}
              />
              <CompareSelect
                value={data?.compare ?? compare ?? 'previous'}
                allowSameEvent={isEventPeriod(named)}
                onChange={(value) => setSearch({ compare: value || null })}
              />
            </>
          ) : null
        }
      />
      {workspace.dataRange ? (
        <FilterBar
          picks={picks}
          onPick={(dimension, values) => setSearch({ [pickKey(dimension)]: pickParam(values) })}
          formula={formula}
          onFormula={(text) => setSearch({ filter: text || null })}
          window={named ? { period: named } : period ? { from: period.from, to: period.to } : {}}
        />
      ) : null}
      {!workspace.dataRange ? (
        <Empty title={t('state.noData')}>{t('state.noDataBody')}</Empty>
      ) : overview.error ? (
        <ErrorState error={overview.error} onRetry={overview.reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <div
          className={overview.loading ? 'refreshing' : undefined}
          data-testid="overview"
          data-ready={!overview.loading}
        >
          <TilesEditor onChanged={overview.reload} />
          <TileGrid
            overview={data}
            format={format}
            targetFor={targetFor}
            whyFor={(kpi) => whyFor(kpi)}
            notes={notesInView}
            {...(filter ? {} : { anomaliesIn: workspace.id })}
          />
          <TargetStrip
            items={targets.filter(
              (item) =>
                overlap(item.target.period, data.period) !== undefined &&
                sameScope(item.target.scope.filter, filter),
            )}
          />
          <BoardPanel />
          <FunnelPanel
            overview={data}
            format={format}
            history={{ answer: history.data, error: history.error }}
            whyFor={(kpi, channel) => whyFor(kpi, equalsCondition('channel', channel))}
          />
          {data.warnings.length > 0 ? (
            <ul className="warnings">
              {data.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
    </>
  );
}

/** Every target of the shown scope active in the period, with its pace: the KPIs tiles don't show too. */
function TargetStrip({ items }: { items: TargetListItem[] }) {
  const { t } = useTranslation();
  const { workspace, format, kpiName, kpi } = useWorkspace();
  if (items.length === 0) return null;
  return (
    <section className="card target-strip" data-testid="target-strip">
      <h2>{t('overview.targets')}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.target.id}>
            <Link
              href={`/workspaces/${encodeURIComponent(workspace.id)}/targets/${encodeURIComponent(item.target.id)}`}
            >
              {kpiName(item.target.kpi)}
            </Link>
            <RagBadge status={item.pace?.status ?? 'no_data'} />
            <span className="muted small">
              {formatValue(item.pace?.actualToDate, kpi(item.target.kpi)?.unit, format, { compact: true })} /{' '}
              {formatValue(item.pace?.targetToDate, kpi(item.target.kpi)?.unit, format, { compact: true })} ·{' '}
              {formatPercent(item.pace?.index, format.locale)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
