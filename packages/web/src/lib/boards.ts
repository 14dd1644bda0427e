/** A board's views in a new order: the one dragged put where the one dropped on was. */
export function moved(views: readonly string[], dragged: string, onto: string): string[] {
  const from = views.indexOf(dragged);
  const to = views.indexOf(onto);
  if (from < 0 || to < 0 || from === to) return [...views];
  const next = views.filter((id) => id !== dragged);
  next.splice(to, 0, dragged);
  return next;
}
