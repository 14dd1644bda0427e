/**
 * A chart's image as the dashboard exports it: the chart's PNG under a caption that says what it
 * shows (the workspace and the chart's title, the KPI, the period and the filter), so the image
 * still says it wherever it is pasted. Every chart that offers a PNG captions it here.
 */
import { downloadUrl } from './download';

/** What a chart shows, in the page's language (the period already formatted for its locale). */
export interface ChartCaption {
  workspace: string;
  title: string;
  kpi: string;
  period: string;
  /** The condition the chart's numbers are under, when there is one. */
  filter?: string | undefined;
}

type Translate = (key: string, options: Record<string, string>) => string;

/** The caption's lines: the workspace and title first (drawn bold), then KPI, period and filter. */
export function captionLines(t: Translate, caption: ChartCaption): string[] {
  return [
    `${caption.workspace} · ${caption.title}`,
    t('ranking.captionKpi', { kpi: caption.kpi }),
    t('ranking.captionPeriod', { range: caption.period }),
    ...(caption.filter ? [t('ranking.captionFilter', { filter: caption.filter })] : []),
  ];
}

/** Lines of caption above a chart image, in CSS pixels (the image's pixel ratio scales them). */
export const CAPTION_FONT_PX = 13;
export const CAPTION_LINE_PX = 20;
export const CAPTION_PAD_PX = 12;

/** The caption's height in CSS pixels: padding above and below, one line each. */
export function captionHeight(lines: number): number {
  return CAPTION_PAD_PX * 2 + CAPTION_LINE_PX * lines;
}

/**
 * The chart's PNG with its caption above it, drawn on a canvas. `ratio` is the image's pixels per
 * CSS pixel.
 */
export async function captionedPng(png: string, lines: readonly string[], ratio = 2): Promise<string> {
  const image = new Image();
  image.src = png;
  await image.decode();
  const canvas = document.createElement('canvas');
  const height = captionHeight(lines.length) * ratio;
  canvas.width = image.width;
  canvas.height = image.height + height;
  const context = canvas.getContext('2d');
  if (!context) return png;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#1f2633';
  context.textBaseline = 'top';
  lines.forEach((line, index) => {
    const weight = index === 0 ? '600 ' : '';
    context.font = `${weight}${(index === 0 ? CAPTION_FONT_PX + 2 : CAPTION_FONT_PX) * ratio}px system-ui, "PingFang SC", "Microsoft YaHei", sans-serif`;
    context.fillText(line, CAPTION_PAD_PX * ratio, (CAPTION_PAD_PX + index * CAPTION_LINE_PX) * ratio);
  });
  context.drawImage(image, 0, height);
  return canvas.toDataURL('image/png');
}

/** Downloads a chart's PNG (`Chart`'s `toPng`) under its caption; nothing when there is no chart. */
export async function downloadChartPng(
  png: string | null | undefined,
  t: Translate,
  caption: ChartCaption,
  fileName: string,
): Promise<void> {
  if (!png) return;
  downloadUrl(await captionedPng(png, captionLines(t, caption)), fileName);
}
