/**
 * Boards on the overview (the workspace's default board): pick a board, see its saved views in the
 * order they were arranged, each a card with its numbers (the whole board answered in one request:
 * a tile, a small chart or a table) that opens the view's question in Explore; editors make
 * boards (shared or private), add views, take them off and arrange them by dragging a card onto
 * another's place (native drag events). The board in the URL (`board=`) survives a reload.
 */
import { type Board, boardCardKind, type SavedView, viewFilter } from '@markpi/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { boardsApi } from '../api/boards';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { useWorkspace } from '../context';
import { moved } from '../lib/boards';
import { Link, useSearchState } from '../router';
import { BoardCardBody, loadBoardChart } from './BoardCardBody';
import { viewHref } from './SavedViews';
import './periods.css';

/** Requests made before the panel shows, by the key the panel will ask them under. */
const early = new Map<string, { askedAt: number; answer: Promise<unknown> }>();
/** An early answer older than this is asked again: the board may have changed since. */
const EARLY_FOR_MS = 10_000;
/** Panels on screen: while one shows, it asks for itself. */
let panelsShown = 0;

function askEarly(key: string, load: () => Promise<unknown>): void {
  const kept = early.get(key);
  // Already asked (as the page's code loaded) and still fresh: one request, not two.
  if (kept && Date.now() - kept.askedAt < EARLY_FOR_MS) return;
  const answer = load();
  // Its failure is the panel's to show when it takes the answer, not an unhandled rejection.
  answer.catch(() => undefined);
  early.set(key, { askedAt: Date.now(), answer });
}

/** The answer asked early under `key` (taken once), or a fresh request. */
function takeEarly<T>(key: string, load: () => Promise<T>): Promise<T> {
  const kept = early.get(key);
  early.delete(key);
  return kept && Date.now() - kept.askedAt < EARLY_FOR_MS ? (kept.answer as Promise<T>) : load();
}

const answerKey = (workspace: string, board: string, revision: number) =>
  `${workspace}|board-answer|${board}|${revision}`;

/**
 * The boards, the saved views and the answer of the board `asked` (the URL's), asked before the
 * panel shows; a board with a chart fetches the chart's code as soon as its answer says so.
 */
function askBoards(workspaceId: string, asked: string | null): void {
  if (panelsShown > 0) return;
  askEarly(`${workspaceId}|boards`, () => api.boards(workspaceId));
  askEarly(`${workspaceId}|views`, () => api.views(workspaceId));
  if (!asked) return;
  askEarly(answerKey(workspaceId, asked, 0), async () => {
    const answer = await boardsApi.answer(workspaceId, asked);
    const charted = answer.cards.some(
      (card) => card.status === 'answered' && (card.kind === 'line' || card.kind === 'bar'),
    );
    if (charted) void loadBoardChart();
    return answer;
  });
}

/**
 * Called as the overview's code loads, with the page's address: the board's questions need only
 * the workspace's id and the board's, both in the URL, so they are asked before the workspace,
 * its catalog and the page have drawn (which took a quarter of a second on a loaded machine) and
 * the chart's code arrives beside the overview's numbers.
 */
export function askBoardsAtLoad(location: { pathname: string; search: string }): void {
  const path = location.pathname.split('/').filter(Boolean);
  if (path[0] !== 'workspaces' || path[1] === undefined) return;
  if (path.length > 3 || (path[2] !== undefined && path[2] !== 'overview')) return;
  askBoards(decodeURIComponent(path[1]), new URLSearchParams(location.search).get('board'));
}

/**
 * Called by the overview as it opens: the boards, the saved views and the answer of the board in
 * the URL are asked beside the overview's own questions, not after its numbers have drawn the
 * panel (a request already asked as the page's code loaded is not asked again).
 */
export function useBoardsEarly(): void {
  const { workspace } = useWorkspace();
  const [search] = useSearchState();
  const asked = search.get('board');
  useEffect(() => askBoards(workspace.id, asked), [workspace.id, asked]);
}

export function BoardPanel() {
  const { t } = useTranslation();
  const { workspace, canEdit, kpiName } = useWorkspace();
  const [search, setSearch] = useSearchState();
  useEffect(() => {
    panelsShown += 1;
    return () => {
      panelsShown -= 1;
    };
  }, []);
  const boards = useResource(`${workspace.id}|boards`, (signal) =>
    takeEarly(`${workspace.id}|boards`, () => api.boards(workspace.id, signal)),
  );
  const views = useResource(`${workspace.id}|views`, (signal) =>
    takeEarly(`${workspace.id}|views`, () => api.views(workspace.id, signal)),
  );
  const [name, setName] = useState('');
  const [shared, setShared] = useState(true);
  const [dragging, setDragging] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // Bumped by every change made here, so the board's answer is asked again.
  const [revision, setRevision] = useState(0);
  const list = boards.data?.boards ?? [];
  const asked = search.get('board');
  const board = list.find((entry) => entry.id === asked) ?? list[0];
  // The board in the URL is answered at once, beside the list of boards rather than after it; once
  // the list is in, a board it lacks gives way to its first.
  const answered = boards.data ? board?.id : (asked ?? undefined);
  const byId = new Map((views.data?.views ?? []).map((view) => [view.id, view]));
  // Every card's numbers in one request, asked again whenever the board changes.
  const answer = useResource(answered ? answerKey(workspace.id, answered, revision) : null, (signal) =>
    takeEarly(answerKey(workspace.id, answered!, revision), () =>
      boardsApi.answer(workspace.id, answered!, signal),
    ),
  );
  const cards = new Map((answer.data?.cards ?? []).map((card) => [card.view, card]));
  // A board with a chart fetches the chart's code while its numbers are being answered.
  const pinned = board?.views ?? answer.data?.board.views ?? [];
  const drawsChart = pinned.some((id) => {
    const view = byId.get(id);
    return view !== undefined && view.chart !== 'table' && boardCardKind(view) !== 'tile';
  });
  useEffect(() => {
    if (drawsChart) void loadBoardChart();
  }, [drawsChart]);

  const change = async (next: Board, viewsInOrder: string[]) => {
    setFailed(null);
    try {
      await api.updateBoard(workspace.id, next.id, {
        name: next.name,
        shared: next.shared,
        views: viewsInOrder,
      });
      setRevision((value) => value + 1);
      boards.reload();
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
    }
  };
  const create = async () => {
    if (!name.trim()) return;
    setFailed(null);
    try {
      const made = await api.createBoard(workspace.id, { name: name.trim(), shared, views: [] });
      setName('');
      setSearch({ board: made.id });
      boards.reload();
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section
      className="card board-panel"
      data-testid="boards"
      data-ready={!boards.loading && !views.loading && !answer.loading}
    >
      <div className="card-header">
        <h2>{t('boards.title')}</h2>
        {list.length > 0 ? (
          <select
            aria-label={t('boards.title')}
            data-testid="board-select"
            value={board?.id ?? ''}
            onChange={(event) => setSearch({ board: event.target.value })}
          >
            {list.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name} · {entry.shared ? t('boards.shared') : t('boards.private')}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {!board ? (
        <p className="muted small">{t('boards.none')}</p>
      ) : board.views.length === 0 ? (
        <p className="muted small">{t('boards.empty')}</p>
      ) : (
        <ol className="board-cards" data-testid="board-cards">
          {board.views.map((id) => {
            const view: SavedView | undefined = byId.get(id);
            const card = cards.get(id);
            return (
              <li
                key={id}
                className={`board-card${dragging === id ? ' board-card-dragging' : ''}`}
                data-view={id}
                data-testid="board-card"
                draggable={canEdit}
                onDragStart={(event) => {
                  setDragging(id);
                  event.dataTransfer.setData('text/plain', id);
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onDragEnd={() => setDragging(null)}
                onDragOver={(event) => {
                  if (canEdit) event.preventDefault();
                }}
                onDrop={(event) => {
                  event.preventDefault();
                  const dragged = event.dataTransfer.getData('text/plain') || dragging;
                  setDragging(null);
                  if (dragged && dragged !== id) void change(board, moved(board.views, dragged, id));
                }}
              >
                {view ? (
                  <>
                    <Link href={viewHref(workspace.id, view)} data-testid="board-card-link">
                      {view.name}
                    </Link>
                    <span className="muted small">
                      {view.kpis.map(kpiName).join(' · ')} ·{' '}
                      {view.period
                        ? t(`periods.presets.${view.period}`, { defaultValue: view.period })
                        : `${view.from} – ${view.to}`}
                    </span>
                    {card?.status === 'answered' ? (
                      <BoardCardBody card={card} filter={viewFilter(view)} />
                    ) : card?.status === 'failed' ? (
                      <span className="error small" title={card.error.message}>
                        {t('boardCards.failed')}
                      </span>
                    ) : null}
                  </>
                ) : (
                  <span className="muted small">{t('boards.missing')}</span>
                )}
                {canEdit ? (
                  <button
                    type="button"
                    className="link-button small"
                    onClick={() =>
                      void change(
                        board,
                        board.views.filter((entry) => entry !== id),
                      )
                    }
                  >
                    {t('boards.unpin')}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {canEdit ? (
        <div className="board-form">
          {board ? (
            <select
              aria-label={t('boards.pin')}
              data-testid="board-pin"
              value=""
              onChange={(event) =>
                event.target.value && void change(board, [...board.views, event.target.value])
              }
            >
              <option value="">{t('boards.pin')}</option>
              {(views.data?.views ?? [])
                .filter((view) => !board.views.includes(view.id))
                .map((view) => (
                  <option key={view.id} value={view.id}>
                    {view.name}
                  </option>
                ))}
            </select>
          ) : null}
          <input
            className="input"
            value={name}
            maxLength={200}
            placeholder={t('boards.name')}
            aria-label={t('boards.name')}
            data-testid="board-name"
            onChange={(event) => setName(event.target.value)}
          />
          <label className="inline-field">
            <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
            <span>{t('boards.shared')}</span>
          </label>
          <button
            type="button"
            className="button"
            disabled={!name.trim()}
            data-testid="board-create"
            onClick={() => void create()}
          >
            {t('boards.create')}
          </button>
          {failed ? <span className="error small">{failed}</span> : null}
        </div>
      ) : null}
    </section>
  );
}
