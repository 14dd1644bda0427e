/**
 * Cohorts: customers grouped by the month of their first order (and their first channel), the
 * share who ordered again in each later month or their realised LTV, as a table shaded by value.
 */
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import { type CohortCell, cohortsApi } from '../components/cohorts/api';
import { PageHeader } from '../components/Layout';
import { Empty, ErrorState, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { formatPercent, formatValue } from '../lib/format';
import { useSearchState } from '../router';

/** Months after acquisition shown. */
const MONTHS = 13;

export function CohortsPage() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const { workspace, format } = useWorkspace();
  const [search, setSearch] = useSearchState();
  const byChannel = search.get('byChannel') === 'true';
  const show = search.get('show') === 'ltv' ? 'ltv' : 'retention';
  const params = { byChannel: byChannel ? ('true' as const) : ('false' as const) };
  const answer = useResource(`${workspace.id}|cohorts|${JSON.stringify(params)}`, (signal) =>
    cohortsApi.cohorts(workspace.id, params, signal),
  );
  const data = answer.data;
  const rows = data?.table.rows ?? [];
  const width = Math.min(MONTHS, Math.max(0, ...rows.map((row) => row.cells.length)));
  const money = (value: number) => formatValue(value, 'currency', format);
  const largestLtv = Math.max(0, ...rows.flatMap((row) => row.cells.map((cell) => cell.ltv)));
  const shade = (cell: CohortCell) => {
    // Retention past month 0 rarely passes a half; LTV is shaded against the largest shown.
    const strength =
      show === 'retention'
        ? cell.offset === 0
          ? 1
          : Math.min(1, cell.retention * 2)
        : cell.ltv / (largestLtv || 1);
    return `rgba(37, 99, 235, ${(0.08 + 0.5 * strength).toFixed(3)})`;
  };

  return (
    <>
      <PageHeader
        title={t('cohorts.title')}
        subtitle={data?.through ? t('cohorts.subtitle', { date: data.through }) : undefined}
      />
      <div className="card">
        <div className="field-row">
          <label className="inline-field">
            <span>{t('cohorts.show')}</span>
            <select
              value={show}
              data-testid="cohorts-show"
              onChange={(event) => setSearch({ show: event.target.value === 'ltv' ? 'ltv' : null })}
            >
              <option value="retention">{t('cohorts.retention')}</option>
              <option value="ltv">{t('cohorts.ltv')}</option>
            </select>
          </label>
          <label className="inline-field">
            <input
              type="checkbox"
              checked={byChannel}
              data-testid="cohorts-by-channel"
              onChange={(event) => setSearch({ byChannel: event.target.checked ? 'true' : null })}
            />
            <span>{t('cohorts.byChannel')}</span>
          </label>
        </div>
        {answer.error ? (
          <ErrorState error={answer.error} onRetry={answer.reload} />
        ) : !data ? (
          <Loading />
        ) : rows.length === 0 ? (
          <Empty title={t('cohorts.none')} />
        ) : (
          <div
            className={answer.loading ? 'refreshing' : undefined}
            data-testid="cohorts-results"
            data-ready={!answer.loading}
          >
            <div style={{ overflowX: 'auto' }}>
              <table className="data-table" data-testid="cohort-table">
                <thead>
                  <tr>
                    <th>{t('cohorts.cohort')}</th>
                    {byChannel ? <th>{t('cohorts.channel')}</th> : null}
                    <th className="numeric">{t('cohorts.customers')}</th>
                    {Array.from({ length: width }, (_, offset) => (
                      <th key={offset} className="numeric">
                        {t('cohorts.month', { n: offset })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={`${row.cohort}|${row.channel ?? ''}`} data-testid={`cohort-${row.cohort}`}>
                      <td>{row.cohort}</td>
                      {byChannel ? <td>{row.channel ?? t('cohorts.all')}</td> : null}
                      <td className="numeric">{formatValue(row.customers, 'count', format)}</td>
                      {Array.from({ length: width }, (_, offset) => {
                        const cell = row.cells[offset];
                        if (!cell) return <td key={offset} />;
                        return (
                          <td
                            key={offset}
                            className="numeric"
                            data-value={show === 'retention' ? cell.retention : cell.ltv}
                            style={{ background: shade(cell) }}
                            title={t('cohorts.cellTitle', {
                              active: formatValue(cell.activeCustomers, 'count', format),
                              size: formatValue(row.customers, 'count', format),
                              month: cell.month,
                              ltv: money(cell.ltv),
                            })}
                          >
                            {show === 'retention'
                              ? formatPercent(cell.retention, format.locale, 1)
                              : money(cell.ltv)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ul className="notes muted small" data-testid="cohort-notes">
              {data.notes.map((note) => (
                <li key={note.message.key}>{pick(note.text)}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </>
  );
}
