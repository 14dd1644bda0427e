/**
 * Core's lists of values (units, grains, cadences…) as the screens show them, in an order of their
 * own. Core keeps its lists beside zod schemas, which importing them would bring into the bundle;
 * so a screen writes its list out and `everyOf` keeps it whole: the type check fails when a value
 * of core's union is missing from it, or a value in it is not one.
 */
export function everyOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}
