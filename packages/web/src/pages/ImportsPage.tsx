/**
 * Imports: upload platform exports, see what the importers made of them (platform, mapping,
 * counts, rejected rows with file, row, column and reason) before anything is loaded, then
 * confirm or discard. Viewers see the history only.
 */
import {
  addPageMessages,
  CATALOG_FORMATS,
  dimensionValueLabelOf,
  IMPORT_MESSAGES,
  IMPORT_NOTE_MESSAGES,
  type Said,
  sayIfKnown,
} from '@markpi/core';
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { Import, ImportFileReport } from '../api/types';
import { useResource } from '../api/use-resource';
import { StatusBadge } from '../components/Badges';
import { DataTable, type TableColumn } from '../components/DataTable';
import { PageHeader } from '../components/Layout';
import { Empty, ErrorState, InlineError, Loading } from '../components/States';
import { useWorkspace } from '../context';
import { useLanguage } from '../i18n';
import { formatBytes, formatInstant, formatInteger, formatPercent, formatRange } from '../lib/format';
import { MappingEditor } from './ImportMappingEditor';

// The import tables come with this page's code, not the first visit's: from here on the
// dashboard's refusals (an export nobody recognises, a currency unknown) are said with them too.
addPageMessages({ ...IMPORT_MESSAGES, ...IMPORT_NOTE_MESSAGES }, CATALOG_FORMATS);

/**
 * A note or a reason in the page's language: its message said by core, or the English the server
 * sent when it has none core knows (imports kept before notes and reasons were messages).
 */
function said(message: Said | undefined, english: string, language: string): string {
  return sayIfKnown(message, language === 'zh-CN' ? 'zh' : 'en') ?? english;
}

/**
 * A detected export by its platform's name: its own label, else its platform's (`xiaohongshu_juguang`
 * is a Xiaohongshu export, `tencent_ads` a Tencent one), else its id.
 */
function detectedPlatformLabel(id: string, language: 'en' | 'zh'): string {
  const parts = id.split('_');
  for (let length = parts.length; length > 0; length--) {
    const label = dimensionValueLabelOf('import_platform', parts.slice(0, length).join('_'), language);
    if (label !== undefined) return label;
  }
  return id;
}

/** Platforms the importers recognise, for reading a file as a given one when detection is unsure. */
const PLATFORMS = [
  'ocean_engine',
  'qianchuan',
  'douyin',
  'kuaishou',
  'xiaohongshu',
  'tencent',
  'weibo',
  'meta',
  'google_ads',
  'ga4',
  'tiktok',
];

type Tone = 'good' | 'bad' | 'warn' | 'neutral' | 'info';
const STATUS_TONE: Record<Import['status'], Tone> = {
  previewed: 'info',
  preview_failed: 'bad',
  importing: 'warn',
  imported: 'good',
  failed: 'bad',
  cancelled: 'neutral',
};

export function ImportsPage() {
  const { t } = useTranslation();
  const { workspace, canEdit, format, reloadWorkspace } = useWorkspace();
  const history = useResource(`${workspace.id}|imports`, (signal) => api.imports(workspace.id, signal));
  const [current, setCurrent] = useState<Import | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  // The upload whose column mapping is open for editing beyond the unknown file's own editor.
  const [editingMapping, setEditingMapping] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const send = async (files: File[]) => {
    if (files.length === 0) return;
    setError(null);
    setCurrent(null);
    setProgress(0);
    try {
      const { promise } = api.upload(workspace.id, files, undefined, (loaded, total) =>
        setProgress(loaded / total),
      );
      const answer = await promise;
      setCurrent(answer.import);
      history.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  const act = async (action: () => Promise<{ import: Import }>) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await action();
      setCurrent(answer.import);
      history.reload();
      if (answer.import.status === 'imported') reloadWorkspace();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (canEdit) void send([...event.dataTransfer.files]);
  };

  return (
    <>
      <PageHeader title={t('imports.title')} />
      {canEdit ? (
        <section className="card">
          {/* A drop target for the mouse; the file button inside is the keyboard's way in. */}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: drag and drop only */}
          <div
            className={`dropzone${dragging ? ' dragging' : ''}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
          >
            <div className="dropzone-icon" aria-hidden="true">
              ⇪
            </div>
            <div>
              <h2>{t('imports.upload')}</h2>
              <p className="muted">{t('imports.uploadHint')}</p>
            </div>
            <div className="dropzone-actions">
              <button
                type="button"
                className="button button-primary"
                onClick={() => input.current?.click()}
                disabled={progress !== null}
              >
                {t('imports.choose')}
              </button>
              <span className="muted">{t('imports.drop')}</span>
              <input
                ref={input}
                type="file"
                multiple
                accept=".csv,.tsv,.txt,.xlsx,.xls"
                className="sr-only"
                data-testid="upload-input"
                onChange={(event) => void send([...(event.target.files ?? [])])}
              />
            </div>
          </div>
          {progress !== null ? (
            <div
              className="progress"
              role="progressbar"
              aria-valuenow={Math.round(progress * 100)}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <div className="progress-bar" style={{ width: `${progress * 100}%` }} />
              <span>{t('imports.uploading', { percent: formatPercent(progress, format.locale) })}</span>
            </div>
          ) : null}
          <InlineError error={error} />
        </section>
      ) : (
        <div className="callout callout-info" data-testid="viewer-note">
          {t('imports.viewerNote')}
        </div>
      )}

      {current ? (
        <ImportPreview
          record={current}
          busy={busy}
          canEdit={canEdit}
          onConfirm={() => act(() => api.confirmImport(workspace.id, current.id))}
          onCancel={() => act(() => api.cancelImport(workspace.id, current.id))}
          onPlatform={(platform) =>
            act(() => api.previewImport(workspace.id, current.id, platform || undefined))
          }
          onEditMapping={() => setEditingMapping(current.id)}
        />
      ) : null}

      {current && canEdit && needsMapping(current, editingMapping === current.id) ? (
        <MappingEditor
          record={current}
          onSaved={(saved) => {
            setEditingMapping(saved.id);
            setCurrent(saved);
            history.reload();
          }}
        />
      ) : null}

      <section className="card">
        <div className="card-header">
          <h2>{t('imports.history')}</h2>
        </div>
        {history.error ? (
          <ErrorState error={history.error} onRetry={history.reload} />
        ) : !history.data ? (
          <Loading />
        ) : history.data.imports.length === 0 ? (
          <Empty title={t('imports.noImports')} icon="⇪">
            {t('imports.noImportsBody')}
          </Empty>
        ) : (
          <HistoryTable imports={history.data.imports} onOpen={setCurrent} />
        )}
      </section>
    </>
  );
}

const isPending = (record: Import) => record.status === 'previewed' || record.status === 'preview_failed';

/** The platform id of files read with a column mapping is `mapping:<its name>`. */
function mappingReadWith(record: Import): string | null {
  const platform = record.report?.files.find((file) => file.platform?.startsWith('mapping:'))?.platform;
  return platform ? platform.slice('mapping:'.length) : null;
}

/** An upload no platform covers opens the mapping editor by itself; one read with a mapping, on asking. */
function needsMapping(record: Import, editing: boolean): boolean {
  if (!isPending(record)) return false;
  return record.error?.code === 'import.unknown_source' || editing;
}

function HistoryTable({ imports, onOpen }: { imports: Import[]; onOpen: (record: Import) => void }) {
  const { t } = useTranslation();
  const { format } = useWorkspace();
  const { language } = useLanguage();
  const spoken = language === 'zh-CN' ? 'zh' : 'en';
  const columns: TableColumn<Import>[] = [
    {
      key: 'when',
      header: t('imports.when'),
      sortValue: (record) => record.createdAt,
      render: (record) => <span className="nowrap">{formatInstant(record.createdAt, format.locale)}</span>,
    },
    {
      key: 'files',
      header: t('imports.files'),
      render: (record) => (
        <button type="button" className="link-button" onClick={() => onOpen(record)}>
          {record.files.map((file) => file.name).join(', ')}
        </button>
      ),
    },
    {
      key: 'platform',
      header: t('imports.platform'),
      render: (record) =>
        [
          ...new Set(
            record.report?.files.map((file) =>
              file.platform ? detectedPlatformLabel(file.platform, spoken) : '—',
            ) ?? [],
          ),
        ].join(', ') || '—',
    },
    {
      key: 'rows',
      header: t('imports.accepted'),
      numeric: true,
      render: (record) =>
        record.report
          ? formatInteger(
              record.report.files.reduce((total, file) => total + file.accepted, 0),
              format.locale,
            )
          : '—',
    },
    {
      key: 'rejected',
      header: t('imports.rejected'),
      numeric: true,
      render: (record) => (record.report ? formatInteger(record.report.rejectedRows, format.locale) : '—'),
    },
    {
      key: 'status',
      header: t('settings.status'),
      render: (record) => (
        <StatusBadge tone={STATUS_TONE[record.status]}>{t(`imports.status.${record.status}`)}</StatusBadge>
      ),
    },
    { key: 'by', header: t('imports.by'), render: (record) => record.createdBy },
  ];
  return <DataTable columns={columns} rows={imports} rowKey={(record) => record.id} testId="imports-table" />;
}

function ImportPreview({
  record,
  busy,
  canEdit,
  onConfirm,
  onCancel,
  onPlatform,
  onEditMapping,
}: {
  record: Import;
  busy: boolean;
  canEdit: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  onPlatform: (platform: string) => void;
  onEditMapping: () => void;
}) {
  const { t } = useTranslation();
  const { workspace, format } = useWorkspace();
  const { language } = useLanguage();
  const report = record.report;
  const accepted = report?.files.reduce((total, file) => total + file.accepted, 0) ?? 0;
  const pending = isPending(record);
  const mappingName = mappingReadWith(record);
  return (
    <section className="card" data-testid="import-preview" data-status={record.status}>
      <div className="card-header">
        <div className="card-title-row">
          <h2>{t('imports.preview')}</h2>
          <StatusBadge tone={STATUS_TONE[record.status]}>{t(`imports.status.${record.status}`)}</StatusBadge>
        </div>
        {canEdit && pending ? (
          <div className="toolbar">
            <label className="inline-field">
              <span>{t('imports.override')}</span>
              <select
                value={record.options.platform ?? ''}
                onChange={(event) => onPlatform(event.target.value)}
                disabled={busy}
              >
                <option value="">{t('imports.auto')}</option>
                {PLATFORMS.map((platform) => (
                  <option key={platform} value={platform}>
                    {dimensionValueLabelOf('import_platform', platform, language === 'zh-CN' ? 'zh' : 'en') ??
                      platform}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button" onClick={onCancel} disabled={busy}>
              {t('imports.cancelUpload')}
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={onConfirm}
              disabled={busy || record.status !== 'previewed' || accepted === 0}
              data-testid="confirm-import"
            >
              {busy
                ? t('imports.confirming')
                : t('imports.confirm', {
                    count: accepted,
                    formattedCount: formatInteger(accepted, format.locale),
                  })}
            </button>
          </div>
        ) : null}
      </div>
      {record.status === 'imported' && report ? (
        <div className="callout callout-good" data-testid="import-loaded">
          {t('imports.loaded', { count: report.rowsLoaded })}
        </div>
      ) : null}
      {mappingName ? (
        <div className="callout callout-info" data-testid="mapping-remembered">
          {t('mappingEditor.remembered', { name: mappingName })}{' '}
          {canEdit && pending ? (
            <button type="button" className="link-button" onClick={onEditMapping} data-testid="mapping-edit">
              {t('mappingEditor.edit')}
            </button>
          ) : null}
        </div>
      ) : null}
      {record.error && canEdit && needsMapping(record, false) ? (
        // The editor below is the way in; the importer's own words speak of command-line flags.
        <div className="callout callout-info" data-testid="needs-mapping">
          {t('mappingEditor.unknown')}
        </div>
      ) : record.error ? (
        <ErrorState error={new ApiError(400, record.error)} />
      ) : null}
      {report?.files.map((file) => (
        <FileReport key={file.file} file={file} />
      ))}
      {report && report.problems.length > 0 ? (
        <div className="callout callout-bad">
          <strong>{t('imports.problems')}</strong>
          <ul>
            {report.problems.map((problem, index) => (
              <li key={index}>
                {problem.file ? <code>{problem.file}</code> : null}{' '}
                {problem.row ? `${t('imports.row')} ${problem.row}` : ''} {problem.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {report && report.rejectedSample.length > 0 ? (
        <div className="subsection">
          <div className="subsection-header">
            <h3>
              {t('imports.rejectedRows')}{' '}
              <span className="muted">({formatInteger(report.rejectedRows, format.locale)})</span>
            </h3>
            <a
              className="button button-ghost"
              href={api.rejectedCsvUrl(workspace.id, record.id, language === 'zh-CN' ? 'zh' : 'en')}
              download
            >
              ⤓ {t('imports.downloadRejected')}
            </a>
          </div>
          <DataTable
            columns={[
              { key: 'file', header: t('imports.file'), render: (row) => row.file },
              {
                key: 'row',
                header: t('imports.row'),
                numeric: true,
                sortValue: (row) => row.row,
                render: (row) => row.row,
              },
              {
                key: 'column',
                header: t('imports.column'),
                render: (row) => (row.column ? <code>{row.column}</code> : '—'),
              },
              {
                key: 'reason',
                header: t('imports.reason'),
                render: (row) => said(row.said, row.message, language),
              },
            ]}
            rows={report.rejectedSample}
            rowKey={(row, index) => `${row.file}:${row.row}:${index}`}
            testId="rejected-table"
            maxHeight={280}
          />
          {report.rejectedRows > report.rejectedSample.length ? (
            <p className="muted small">
              {t('imports.moreRejected', { shown: report.rejectedSample.length, total: report.rejectedRows })}
            </p>
          ) : null}
        </div>
      ) : null}
      <p className="muted small">
        {record.files.map((file) => `${file.name} (${formatBytes(file.size, format.locale)})`).join(' · ')}
      </p>
    </section>
  );
}

function FileReport({ file }: { file: ImportFileReport }) {
  const { t } = useTranslation();
  const { format, catalog } = useWorkspace();
  const { pick, language } = useLanguage();
  const spoken = language === 'zh-CN' ? 'zh' : 'en';
  // Fields, platforms and facts by their names (the id stays in the title).
  const fieldName = (id: string) =>
    pick(catalog.measures.find((measure) => measure.id === id)?.name) ||
    pick(catalog.dimensions.find((dimension) => dimension.id === id)?.name) ||
    id;
  const sampleKeys = [...new Set(file.sample.flatMap((row) => Object.keys(row)))].slice(0, 10);
  return (
    <div className="file-report" data-testid="file-report">
      <div className="file-report-head">
        <strong className="file-name">{file.file}</strong>
        <StatusBadge tone={file.status === 'failed' ? 'bad' : 'neutral'}>
          {t(`imports.fileStatus.${file.status}`, { defaultValue: file.status })}
        </StatusBadge>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('imports.detected')}</dt>
          <dd data-testid="detected-platform" title={file.platform ?? undefined}>
            {file.platform ? detectedPlatformLabel(file.platform, spoken) : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('imports.fact')}</dt>
          <dd>
            {file.fact ? (dimensionValueLabelOf('fact', `fact_${file.fact}`, spoken) ?? file.fact) : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('imports.rows')}</dt>
          <dd data-testid="file-rows">{formatInteger(file.rows, format.locale)}</dd>
        </div>
        <div>
          <dt>{t('imports.accepted')}</dt>
          <dd className="good" data-testid="file-accepted">
            {formatInteger(file.accepted, format.locale)}
          </dd>
        </div>
        <div>
          <dt>{t('imports.rejected')}</dt>
          <dd className={file.rejected > 0 ? 'bad' : undefined} data-testid="file-rejected">
            {formatInteger(file.rejected, format.locale)}
          </dd>
        </div>
        <div>
          <dt>{t('imports.period')}</dt>
          <dd>{file.period ? formatRange(file.period.from, file.period.to, format.locale) : '—'}</dd>
        </div>
      </dl>
      {file.notes.length > 0 ? (
        <ul className="notes" data-testid="file-notes">
          {file.notes.map((note, index) => (
            <li key={`${index}:${note}`}>{said(file.noteMessages?.[index], note, language)}</li>
          ))}
        </ul>
      ) : null}
      <div className="file-report-grid">
        <div>
          <h4>{t('imports.mapping')}</h4>
          <table className="mapping-table">
            <thead>
              <tr>
                <th>{t('imports.source')}</th>
                <th />
                <th>{t('imports.target')}</th>
              </tr>
            </thead>
            <tbody>
              {file.mapping.map((entry) => (
                <tr key={entry.source} className={entry.target ? undefined : 'ignored'}>
                  <td>{entry.source}</td>
                  <td aria-hidden="true">→</td>
                  <td>
                    {entry.target ? (
                      <span title={entry.target}>{fieldName(entry.target)}</span>
                    ) : (
                      <span className="muted">{t('imports.ignored')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {file.sample.length > 0 ? (
          <div className="sample">
            <h4>{t('imports.sample')}</h4>
            <div className="table-wrap">
              <table className="data-table compact">
                <thead>
                  <tr>
                    {sampleKeys.map((key) => (
                      <th key={key} title={key}>
                        {fieldName(key)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {file.sample.slice(0, 5).map((row, index) => (
                    <tr key={index}>
                      {sampleKeys.map((key) => (
                        <td key={key}>
                          {row[key] === null || row[key] === undefined ? '' : String(row[key])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
