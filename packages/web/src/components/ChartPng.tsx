/**
 * The one button that downloads a page's chart as a PNG under its caption (`lib/chart-export.ts`):
 * the page says what its chart shows (`lib/chart-captions.ts`), the button adds where it is — the
 * workspace's name, the page's language and the reader's scope.
 */
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../context';
import type { ChartPlace } from '../lib/chart-captions';
import { type ChartCaption, downloadChartPng } from '../lib/chart-export';
import { useScopeText } from '../pages/ScopePicker';
import type { ChartHandle } from './Chart';

type Translate = (key: string, options?: Record<string, string>) => string;

export function ChartPngButton({
  chart,
  caption,
  name,
  testId,
}: {
  chart: RefObject<ChartHandle | null>;
  /** What the chart shows, said in the page's words. */
  caption: (t: Translate, place: ChartPlace) => ChartCaption;
  /** The file's name after the workspace's id, without `.png`. */
  name: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { workspace, format } = useWorkspace();
  const scopeText = useScopeText();
  const place: ChartPlace = {
    workspace: workspace.name,
    locale: format.locale,
    scope: scopeText(workspace.scope),
  };
  return (
    <button
      type="button"
      className="link-button small"
      data-testid={testId}
      onClick={() =>
        void downloadChartPng(
          chart.current?.toPng(),
          t,
          caption(t, place),
          `markpi-${workspace.id}-${name}.png`,
        )
      }
    >
      ⤓ {t('action.downloadPng')}
    </button>
  );
}
