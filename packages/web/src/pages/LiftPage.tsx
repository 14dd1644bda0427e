/**
 * Incrementality: a geo test over the workspace — the treated locations' mean against their
 * synthetic control and the gap between them, the incremental volume with its interval, and the
 * incrementality factor it gives the channel — and the lift ledger, whose tests calibrate each
 * channel's ROAS (`calibrated_roas` in Explore and scorecards). The test's question lives in the
 * URL, so an analysis can be shared as a link.
 */
import { type FormEvent, type ReactNode, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { Chart, type ChartHandle } from '../components/Chart';
import { ChartPngButton } from '../components/ChartPng';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import {
  type GeoAnswer,
  type GeoRequest,
  type LiftLedgerEntry,
  type LiftSaid,
  liftApi,
} from '../components/lift/api';
import { gapChartOption, treatedChartOption } from '../components/lift/chart';
import { Empty, ErrorState, InlineError, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { liftCaption } from '../lib/chart-captions';
import { isDay } from '../lib/dates';
import { formatPercent, formatRange, formatValue, type KpiUnit } from '../lib/format';
import { Link, useSearchState } from '../router';

const splitList = (text: string) =>
  text
    .split(/[,，、]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

export function LiftPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { workspace, catalog, format, kpiName, kpi, canEdit, reloadCatalog } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const say = (said: LiftSaid) => (language === 'zh-CN' ? said.text.zh : said.text.en);

  // The question, from the URL.
  const asked: GeoRequest | null = useMemo(() => {
    const kpiId = search.get('kpi') ?? '';
    const treated = splitList(search.get('treated') ?? '');
    const testFrom = search.get('testFrom') ?? '';
    const testTo = search.get('testTo') ?? '';
    if (!kpiId || treated.length === 0 || !isDay(testFrom) || !isDay(testTo)) return null;
    const filter = search.get('filter');
    const by = search.get('by');
    return { kpi: kpiId, treated, testFrom, testTo, ...(filter ? { filter } : {}), ...(by ? { by } : {}) };
  }, [search]);

  const [form, setForm] = useState(() => ({
    kpi: search.get('kpi') ?? 'conversions',
    filter: search.get('filter') ?? '',
    by: search.get('by') ?? 'region',
    treated: search.get('treated') ?? '',
    testFrom: search.get('testFrom') ?? '',
    testTo: search.get('testTo') ?? '',
  }));
  const complete =
    form.kpi && splitList(form.treated).length > 0 && isDay(form.testFrom) && isDay(form.testTo);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    setSearch({
      kpi: form.kpi,
      filter: form.filter.trim() || null,
      by: form.by === 'region' ? null : form.by,
      treated: splitList(form.treated).join(','),
      testFrom: form.testFrom,
      testTo: form.testTo,
    });
  };

  const analysis = useResource(asked ? `${workspace.id}|lift-geo|${JSON.stringify(asked)}` : null, () =>
    liftApi.geo(workspace.id, asked!),
  );
  const ledger = useResource(`${workspace.id}|lift-ledger`, (signal) => liftApi.ledger(workspace.id, signal));
  const afterChange = () => {
    ledger.reload();
    // Calibrated ROAS comes and goes with the ledger: Explore and scorecards read the catalog.
    reloadCatalog();
  };
  const recording = useAction(afterChange);
  const withdrawing = useAction(afterChange);
  const [name, setName] = useState('');
  const [recorded, setRecorded] = useState<string | null>(null);
  const treatedChart = useRef<ChartHandle>(null);
  const gapChart = useRef<ChartHandle>(null);

  const additiveKpis = catalog.kpis.filter((entry) => entry.aggregation === 'additive');
  const answer = analysis.data;
  const unit = (answer?.kpi?.unit ?? kpi(asked?.kpi ?? '')?.unit ?? 'number') as KpiUnit;
  const value = (amount: number | null | undefined) => formatValue(amount, unit, format);
  const share = (amount: number | null | undefined) =>
    amount === null || amount === undefined
      ? '—'
      : `${amount >= 0 ? '+' : ''}${formatPercent(amount, format.locale, 1)}`;
  const charts = useMemo(() => {
    if (!answer) return null;
    const days = answer.cell.days;
    const axisValue = (amount: number) => formatValue(amount, unit, format, { compact: true });
    return {
      treated: treatedChartOption(
        days,
        {
          treated: t('lift.treatedSeries'),
          synthetic: t('lift.syntheticSeries'),
          test: t('lift.testPeriod'),
        },
        axisValue,
      ),
      gap: gapChartOption(days, { gap: t('lift.gap'), test: t('lift.testPeriod') }, axisValue),
    };
    // Names follow the language; the answer is the data.
  }, [answer, language]);

  // Volumes in the KPI's unit: money as money, everything else as whole counts.
  const volumeUnit = (row: LiftLedgerEntry): KpiUnit =>
    kpi(row.kpi ?? '')?.unit === 'currency' ? 'currency' : 'count';
  const ledgerColumns: TableColumn<LiftLedgerEntry>[] = [
    {
      key: 'name',
      header: t('lift.name'),
      className: 'cell-name',
      sortValue: (row) => row.name,
      render: (row) => row.name,
    },
    {
      key: 'method',
      header: t('lift.method'),
      sortValue: (row) => row.method,
      render: (row) => t(`lift.methods.${row.method}`),
    },
    {
      key: 'period',
      header: t('lift.period'),
      sortValue: (row) => row.period.to,
      render: (row) => formatRange(row.period.from, row.period.to, format.locale),
    },
    {
      key: 'incremental',
      header: t('lift.incremental'),
      numeric: true,
      sortValue: (row) => row.incremental.value,
      render: (row) => (
        <div className="cell-metric">
          <span>{formatValue(row.incremental.value, volumeUnit(row), format)}</span>
          <span className="muted small">
            {formatValue(row.incremental.low, volumeUnit(row), format)} –{' '}
            {formatValue(row.incremental.high, volumeUnit(row), format)}
          </span>
        </div>
      ),
    },
    {
      key: 'lift',
      header: t('lift.liftShare'),
      numeric: true,
      sortValue: (row) => row.lift?.value ?? null,
      render: (row) => share(row.lift?.value),
    },
    {
      key: 'factor',
      header: t('lift.factor'),
      numeric: true,
      sortValue: (row) => row.calibration?.factor.value ?? null,
      render: (row) =>
        row.calibration
          ? `${row.calibration.channel} ×${formatValue(row.calibration.factor.value, 'number', format)}`
          : t('lift.noFactor'),
    },
    {
      key: 'age',
      header: t('lift.age'),
      numeric: true,
      sortValue: (row) => row.ageDays,
      render: (row) => t('lift.ageDays', { count: row.ageDays }),
    },
    ...(canEdit
      ? [
          {
            key: 'actions',
            header: '',
            render: (row: LiftLedgerEntry) => (
              <button
                type="button"
                className="button button-small"
                disabled={withdrawing.pending}
                data-testid={`withdraw-${row.id}`}
                onClick={() => void withdrawing.run(() => liftApi.withdraw(workspace.id, row.id))}
              >
                {t('lift.withdraw')}
              </button>
            ),
          },
        ]
      : []),
  ];

  const calibrations = ledger.data?.calibrations ?? [];
  return (
    <>
      <PageHeader title={t('lift.title')} subtitle={t('lift.subtitle')} />
      <section className="card" data-testid="lift-geo">
        <h2>{t('lift.geoTitle')}</h2>
        <p className="muted small">{t('lift.geoIntro')}</p>
        <form className="field-row" onSubmit={submit} data-testid="lift-geo-form">
          <label className="inline-field">
            <span>{t('lift.kpi')}</span>
            <select
              name="kpi"
              value={form.kpi}
              onChange={(event) => setForm({ ...form, kpi: event.target.value })}
            >
              {additiveKpis.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {kpiName(entry.id)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('lift.scope')}</span>
            <input
              name="filter"
              value={form.filter}
              placeholder={t('lift.scopePlaceholder')}
              onChange={(event) => setForm({ ...form, filter: event.target.value })}
            />
          </label>
          <label className="inline-field">
            <span>{t('lift.treated')}</span>
            <input
              name="treated"
              value={form.treated}
              placeholder={t('lift.treatedPlaceholder')}
              onChange={(event) => setForm({ ...form, treated: event.target.value })}
            />
          </label>
          <label className="inline-field">
            <span>{t('lift.testFrom')}</span>
            <input
              type="date"
              name="testFrom"
              value={form.testFrom}
              onChange={(event) => setForm({ ...form, testFrom: event.target.value })}
            />
          </label>
          <label className="inline-field">
            <span>{t('lift.testTo')}</span>
            <input
              type="date"
              name="testTo"
              value={form.testTo}
              onChange={(event) => setForm({ ...form, testTo: event.target.value })}
            />
          </label>
          <button
            type="submit"
            className="button button-primary"
            disabled={!complete}
            data-testid="lift-analyse"
          >
            {t('lift.analyse')}
          </button>
        </form>
        {!asked ? (
          <p className="muted">{t('lift.needFields')}</p>
        ) : analysis.error ? (
          <ErrorState error={analysis.error} onRetry={analysis.reload} />
        ) : !answer ? (
          <Loading />
        ) : (
          <div
            className={analysis.loading ? 'refreshing' : undefined}
            data-testid="lift-geo-result"
            data-ready={!analysis.loading}
          >
            <p data-testid="lift-summary">
              <strong>{say(answer.summary)}</strong>
            </p>
            <GeoStats answer={answer} value={value} share={share} />
            {charts ? (
              <>
                <Chart ref={treatedChart} option={charts.treated} height={300} label={t('lift.chartLabel')} />
                {asked ? (
                  <ChartPngButton
                    chart={treatedChart}
                    testId="lift-png"
                    name={`lift-${asked.kpi}-${asked.testFrom}`}
                    caption={(words, place) =>
                      liftCaption(words, place, {
                        kpi: kpiName(asked.kpi),
                        test: { from: asked.testFrom, to: asked.testTo },
                        treated: asked.treated,
                        filter: asked.filter,
                      })
                    }
                  />
                ) : null}
                <Chart ref={gapChart} option={charts.gap} height={220} label={t('lift.gapLabel')} />
                {asked ? (
                  <ChartPngButton
                    chart={gapChart}
                    testId="lift-gap-png"
                    name={`lift-${asked.kpi}-${asked.testFrom}-gap`}
                    caption={(words, place) =>
                      liftCaption(
                        words,
                        place,
                        {
                          kpi: kpiName(asked.kpi),
                          test: { from: asked.testFrom, to: asked.testTo },
                          treated: asked.treated,
                          filter: asked.filter,
                        },
                        'gap',
                      )
                    }
                  />
                ) : null}
              </>
            ) : null}
            <div className="field-row">
              <DataTable
                columns={[
                  {
                    key: 'location',
                    header: t('lift.location'),
                    className: 'cell-name',
                    render: (row: { location: string; weight: number }) => row.location,
                  },
                  {
                    key: 'weight',
                    header: t('lift.weight'),
                    numeric: true,
                    render: (row: { location: string; weight: number }) =>
                      formatPercent(row.weight, format.locale, 1),
                  },
                ]}
                rows={answer.cell.weights.filter((row) => Math.abs(row.weight) >= 0.0005)}
                rowKey={(row) => row.location}
                caption={t('lift.weights')}
                testId="lift-weights"
              />
            </div>
            {answer.notes.length > 0 ? (
              <div className="callout callout-info" data-testid="lift-notes">
                <strong>{t('lift.notes')}</strong>
                <ul>
                  {answer.notes.map((note, index) => (
                    <li key={`${note.key}-${index}`}>{say(note)}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            {canEdit ? (
              <form
                className="field-row"
                data-testid="lift-record-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (!name.trim() || !asked) return;
                  void recording.run(async () => {
                    const entry = await liftApi.record(workspace.id, name.trim(), asked);
                    setRecorded(entry.id);
                  });
                }}
              >
                <label className="inline-field">
                  <span>{t('lift.recordName')}</span>
                  <input name="recordName" value={name} onChange={(event) => setName(event.target.value)} />
                </label>
                <button
                  type="submit"
                  className="button"
                  disabled={!name.trim() || recording.pending}
                  data-testid="lift-record"
                >
                  {t('lift.record')}
                </button>
                {recorded ? (
                  <span className="muted" data-testid="lift-recorded">
                    {t('lift.recorded', { id: recorded })}
                  </span>
                ) : null}
                {recording.error ? <InlineError error={recording.error} /> : null}
              </form>
            ) : null}
          </div>
        )}
      </section>

      <section className="card" data-testid="lift-ledger">
        <h2>{t('lift.ledger')}</h2>
        <p className="muted small">{t('lift.ledgerIntro')}</p>
        {calibrations.length > 0 ? (
          <div className="callout callout-info" data-testid="lift-calibrated">
            {t('lift.calibrated', {
              sources: calibrations
                .map((entry) =>
                  t('lift.calibratedSource', {
                    channel: entry.channel,
                    factor: formatValue(entry.factor, 'number', format),
                    name: entry.source.name,
                  }),
                )
                .join(language === 'zh-CN' ? '；' : '; '),
            })}{' '}
            <Link
              href={`/workspaces/${encodeURIComponent(workspace.id)}/explore?kpis=calibrated_roas,roas&dims=channel&grain=total`}
            >
              {t('lift.openExplore')}
            </Link>
          </div>
        ) : null}
        {withdrawing.error ? <InlineError error={withdrawing.error} /> : null}
        {ledger.error ? (
          <ErrorState error={ledger.error} onRetry={ledger.reload} />
        ) : !ledger.data ? (
          <Loading />
        ) : ledger.data.entries.length === 0 ? (
          <Empty title={t('lift.ledgerEmpty')}>{t('lift.ledgerEmptyBody')}</Empty>
        ) : (
          <div data-testid="lift-ledger-table" data-ready={!ledger.loading}>
            <DataTable columns={ledgerColumns} rows={ledger.data.entries} rowKey={(row) => row.id} />
          </div>
        )}
      </section>
    </>
  );
}

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      {children}
    </div>
  );
}

function GeoStats({
  answer,
  value,
  share,
}: {
  answer: GeoAnswer;
  value: (amount: number | null | undefined) => string;
  share: (amount: number | null | undefined) => string;
}) {
  const { t } = useTranslation();
  const { format } = useWorkspace();
  const { cell, calibration } = answer;
  const inference = cell.inference;
  const level = inference ? formatPercent(inference.level, format.locale) : '';
  const bounded = inference && inference.incremental.low !== null && inference.incremental.high !== null;
  return (
    <section className="stat-row" data-testid="lift-stats">
      <Stat label={t('lift.incremental')}>
        <div className="stat-value" data-testid="lift-incremental" data-value={cell.incremental}>
          {value(cell.incremental)}
        </div>
        <div className="muted small">
          {bounded
            ? t('lift.interval', {
                level,
                low: value(inference.incremental.low),
                high: value(inference.incremental.high),
              })
            : t('lift.openInterval')}
        </div>
      </Stat>
      <Stat label={t('lift.liftShare')}>
        <div className="stat-value">{share(cell.percentLift)}</div>
      </Stat>
      <Stat label={t('lift.pValue')}>
        <div className="stat-value">{inference ? inference.pValue.toPrecision(2) : '—'}</div>
      </Stat>
      <Stat label={t('lift.factor')}>
        <div className="stat-value" data-testid="lift-factor">
          {calibration ? formatValue(calibration.factor.value, 'number', format) : t('lift.noFactor')}
        </div>
        {calibration ? (
          <div className="muted small">
            {t('lift.factorOf', {
              channel: calibration.channel,
              attributed: formatValue(calibration.attributed, 'number', format),
            })}
          </div>
        ) : null}
      </Stat>
      {cell.economics ? (
        <Stat label={t('lift.costPerIncremental')}>
          <div className="stat-value">
            {formatValue(cell.economics.costPerIncremental.value, 'currency', format)}
          </div>
        </Stat>
      ) : null}
    </section>
  );
}
