/**
 * A board a share link opens, read-only: its cards in the board's order, each with its numbers from
 * the link's board route (the board answered whole, within the link's scope), drawn as the overview
 * draws them. Nothing here edits, drags or links into pages the link does not open.
 */
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { shareApi } from '../../api/share';
import { useResource } from '../../api/use-resource';
import { useWorkspace } from '../../context';
import { formatRange } from '../../lib/format';
import { BoardCardBody } from '../BoardCardBody';
import { Empty, ErrorState, Loading } from '../States';
import '../periods.css';

export function SharedBoard({
  token,
  board,
  scopeText,
}: {
  token: string;
  board: string;
  scopeText?: string;
}) {
  const { t } = useTranslation();
  const { format } = useWorkspace();
  const answer = useResource(`share|${token}|board|${board}`, (signal) =>
    shareApi.board(token, board, signal),
  );
  if (isApiError(answer.error) && answer.error.code === 'not_found')
    return <Empty title={t('sharePages.boardGone')} />;
  if (answer.error) return <ErrorState error={answer.error} onRetry={answer.reload} />;
  if (!answer.data) return <Loading />;
  const { cards } = answer.data;
  return (
    <section
      className="card board-panel"
      data-testid="shared-board"
      data-board={board}
      data-ready={!answer.loading}
    >
      <div className="card-header">
        <h2>{answer.data.board.name}</h2>
      </div>
      {cards.length === 0 ? (
        <p className="muted small">{t('boards.empty')}</p>
      ) : (
        <ol className="board-cards" data-testid="board-cards">
          {cards.map((card) => (
            <li key={card.view} className="board-card" data-view={card.view} data-testid="board-card">
              {card.status === 'answered' ? (
                <>
                  <strong>{card.name}</strong>
                  <span className="muted small">
                    {formatRange(card.period.from, card.period.to, format.locale)}
                  </span>
                  <BoardCardBody card={card} filter={scopeText} />
                </>
              ) : card.status === 'failed' ? (
                <>
                  <strong>{card.name}</strong>
                  <span className="error small" title={card.error.message}>
                    {t('sharePages.cardFailed')}
                  </span>
                </>
              ) : (
                <span className="muted small">{t('boards.missing')}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
