/**
 * The column-mapping editor of an upload no platform covers: the suggested mapping as one row
 * per column (its header and values, what it looks like, the field it fills, how sure the
 * suggestion is and why, with any question), a live dry run of the edited mapping (the first
 * rows as they would be stored and the totals), and Save, which keeps the mapping with the
 * upload so that Load imports with it. The server remembers a loaded mapping for the next file
 * with the same columns.
 */
import { type Said, sayIfKnown } from '@markpi/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ColumnMapping,
  type FileMappingSuggestion,
  type MappingMessage,
  type MappingPreview,
  mappingApi,
} from '../api/mapping';
import type { Import } from '../api/types';
import { useResource } from '../api/use-resource';
import { StatusBadge } from '../components/Badges';
import { ErrorState, InlineError, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { formatInteger, formatPercent } from '../lib/format';
import { fieldOf, withChannel, withField } from '../lib/mapping-draft';
import './mapping-editor.css';

/** Edits settle for this long before the dry run is asked again: one request per pause, not per click. */
const PREVIEW_DELAY_MS = 400;
const PREVIEW_ROWS = 5;
/** Rejected rows the dry run lists under its counts: enough to see why, not a table of them. */
const REJECTED_SHOWN = 3;

export function MappingEditor({ record, onSaved }: { record: Import; onSaved: (record: Import) => void }) {
  const { workspace } = useWorkspace();
  const suggestion = useResource(`${workspace.id}|mapping|${record.id}`, (signal) =>
    mappingApi.suggestion(workspace.id, record.id, signal),
  );
  if (suggestion.error) return <ErrorState error={suggestion.error} onRetry={suggestion.reload} />;
  const data = suggestion.data;
  const file = data?.files[0];
  if (!data || !file) return <Loading />;
  return (
    <DraftEditor
      key={record.id}
      record={record}
      file={file}
      initial={data.current ?? file.mapping}
      onSaved={onSaved}
    />
  );
}

function DraftEditor({
  record,
  file,
  initial,
  onSaved,
}: {
  record: Import;
  file: FileMappingSuggestion;
  initial: ColumnMapping;
  onSaved: (record: Import) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { workspace, catalog, format, dimensionName } = useWorkspace();
  const [mapping, setMapping] = useState<ColumnMapping>(initial);
  const [preview, setPreview] = useState<MappingPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  // Answers to an older mapping arrive late at times; only the latest request's answer is shown.
  const latest = useRef(0);
  const say = (message: MappingMessage) => (language === 'zh-CN' ? message.zh : message.en);
  // The dry run's refusal and rejected rows come with their messages: said in the page's language.
  const sayRefusal = (text: { message?: string; reason?: string; said?: Said }) =>
    sayIfKnown(text.said, language === 'zh-CN' ? 'zh' : 'en') ?? text.message ?? text.reason ?? '';

  useEffect(() => {
    const request = ++latest.current;
    setPreviewing(true);
    const timer = window.setTimeout(() => {
      mappingApi.preview(workspace.id, record.id, mapping).then(
        (answer) => {
          if (request !== latest.current) return;
          setPreview(answer);
          setPreviewError(null);
          setPreviewing(false);
        },
        (error: unknown) => {
          if (request !== latest.current) return;
          setPreview(null);
          setPreviewError(error);
          setPreviewing(false);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [workspace.id, record.id, mapping]);

  const fieldNames = useMemo(() => {
    const measures = new Map(
      catalog.measures
        .filter((measure) => measure.fact === mapping.target)
        .map((measure) => [
          measure.id,
          language === 'zh-CN' ? measure.name.zh || measure.name.en : measure.name.en,
        ]),
    );
    const name = (field: string) =>
      field === 'date' ? t('mappingEditor.date') : (measures.get(field) ?? dimensionName(field));
    return {
      name,
      label: (field: string) => (name(field) && name(field) !== field ? `${name(field)} (${field})` : field),
    };
  }, [catalog, mapping.target, language, t, dimensionName]);

  const fields = file.fields.filter((field) => field !== 'ignore');
  // The catalog lists the channels (core's list would bring the whole model into this page).
  const channels = catalog.dimensions.find((dimension) => dimension.id === 'channel')?.values ?? [];
  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const answer = await mappingApi.save(workspace.id, record.id, mapping);
      setSaved(true);
      onSaved(answer.import);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };
  const change = (next: ColumnMapping) => {
    setSaved(false);
    setMapping(next);
  };

  const totalFormat = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 2 });
  const result = preview?.files[0];
  const table = result?.tables[0];
  // The stored table has a column for every field; only those this mapping fills are shown.
  const keys = table
    ? [...new Set(table.rows.flatMap((row) => Object.keys(row)))].filter(
        (key) => key !== 'import_id' && table.rows.some((row) => row[key] !== null && row[key] !== undefined),
      )
    : [];

  return (
    <section className="card mapping-editor" data-testid="mapping-editor">
      <div className="card-header">
        <h2>{t('mappingEditor.title')}</h2>
        <div className="toolbar">
          <button
            type="button"
            className="button button-primary"
            onClick={() => void save()}
            disabled={saving}
            data-testid="mapping-save"
          >
            {saving ? t('mappingEditor.saving') : t('mappingEditor.save')}
          </button>
        </div>
      </div>
      <p className="muted">{t('mappingEditor.intro')}</p>
      {saved ? (
        <div className="callout callout-good" data-testid="mapping-saved">
          {t('mappingEditor.saved')}
        </div>
      ) : null}
      <InlineError error={saveError} />
      {file.questions.length > 0 ? (
        <div className="callout callout-info" data-testid="mapping-questions">
          <strong>{t('mappingEditor.questions')}</strong>
          <ul>
            {file.questions.map((question) => (
              <li key={question.key}>{say(question)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <label className="inline-field">
        <span>{t('mappingEditor.channel')}</span>
        <select
          value={mapping.channel ?? ''}
          onChange={(event) => change(withChannel(mapping, event.target.value))}
          data-testid="mapping-channel"
        >
          <option value="">{t('mappingEditor.channelFromFile')}</option>
          {channels.map((channel) => (
            <option key={channel} value={channel}>
              {t(`channel.${channel}`, { defaultValue: channel })}
            </option>
          ))}
        </select>
      </label>
      <div className="table-wrap">
        <table className="data-table compact mapping-editor-table">
          <thead>
            <tr>
              <th>{t('mappingEditor.column')}</th>
              <th>{t('mappingEditor.values')}</th>
              <th>{t('mappingEditor.class')}</th>
              <th>{t('mappingEditor.field')}</th>
              <th className="numeric">{t('mappingEditor.confidence')}</th>
              <th>{t('mappingEditor.why')}</th>
            </tr>
          </thead>
          <tbody>
            {file.columns.map((column) => {
              const field = fieldOf(mapping.columns[column.header]);
              return (
                <tr
                  key={column.index}
                  data-testid="mapping-row"
                  data-header={column.header}
                  className={field === '' ? 'unmapped' : undefined}
                >
                  <th scope="row">{column.header}</th>
                  <td className="mapping-examples">{column.examples.slice(0, 3).join(' · ')}</td>
                  <td>
                    <StatusBadge tone="neutral">
                      {t(`mappingEditor.classes.${column.class}`, { defaultValue: column.class })}
                    </StatusBadge>
                  </td>
                  <td>
                    <select
                      value={field}
                      aria-label={`${t('mappingEditor.field')}: ${column.header}`}
                      onChange={(event) => change(withField(mapping, column.header, event.target.value))}
                      data-testid="mapping-field"
                    >
                      <option value="">{t('mappingEditor.notMapped')}</option>
                      {fields.map((option) => (
                        <option key={option} value={option}>
                          {fieldNames.label(option)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="numeric">
                    {formatPercent(column.confidence, format.locale)}
                    {column.sure ? <span className="muted small"> · {t('mappingEditor.sure')}</span> : null}
                  </td>
                  <td className="mapping-reason">
                    <span>{say(column.reason)}</span>
                    {column.question ? (
                      <span className="mapping-question" data-testid="mapping-question">
                        {say(column.question)}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div
        className="subsection"
        data-testid="mapping-preview"
        data-ready={!previewing && (preview !== null || previewError !== null)}
      >
        <div className="subsection-header">
          <h3>{t('mappingEditor.preview')}</h3>
          {previewing ? <span className="muted small">{t('mappingEditor.updating')}</span> : null}
        </div>
        <InlineError error={previewError ?? (result?.error ? new Error(sayRefusal(result.error)) : null)} />
        {result ? (
          <p className="muted small" data-testid="mapping-counts">
            {t('mappingEditor.counts', {
              accepted: formatInteger(result.rowsAccepted, format.locale),
              rejected: formatInteger(result.rowsRejected, format.locale),
            })}
          </p>
        ) : null}
        {result && result.rejected.length > 0 ? (
          <ul className="muted small" data-testid="mapping-rejected">
            {result.rejected.slice(0, REJECTED_SHOWN).map((row) => (
              <li key={row.row}>
                {t('mappingEditor.rejectedRow', { row: row.row, reason: sayRefusal(row) })}
              </li>
            ))}
          </ul>
        ) : null}
        {table && table.rows.length > 0 ? (
          <>
            <p className="muted small">
              {t(`mappingEditor.table.${table.table}`, { defaultValue: table.table })} ·{' '}
              {t('mappingEditor.firstRows', {
                shown: Math.min(PREVIEW_ROWS, table.rows.length),
                total: formatInteger(table.rowCount, format.locale),
              })}
            </p>
            <div className="table-wrap">
              <table className="data-table compact" data-testid="mapping-preview-table">
                <thead>
                  <tr>
                    {keys.map((key) => (
                      <th key={key} title={key}>
                        {fieldNames.name(key) || key}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.slice(0, PREVIEW_ROWS).map((row, index) => (
                    <tr key={index}>
                      {keys.map((key) => (
                        <td key={key} data-column={key}>
                          {row[key] === null || row[key] === undefined ? '' : String(row[key])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    {keys.map((key, index) => (
                      <td key={key} data-testid={`mapping-total-${key}`} data-value={table.totals[key]}>
                        {table.totals[key] !== undefined
                          ? totalFormat.format(table.totals[key])
                          : index === 0
                            ? t('mappingEditor.totals')
                            : ''}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        ) : result && !previewing ? (
          <p className="muted" data-testid="mapping-no-rows">
            {t('mappingEditor.noRows')}
          </p>
        ) : null}
      </div>
    </section>
  );
}
