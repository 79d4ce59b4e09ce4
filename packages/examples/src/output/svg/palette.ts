/**
 * Colours for plot series (pure).
 *
 * @module
 */

/**
 * Ten distinguishable categorical colours (the Tableau 10 palette), one per MNIST digit.
 *
 * @category Output
 */
export const CATEGORY_COLORS: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

/**
 * The colour of category `i` (cycling through {@link CATEGORY_COLORS}).
 *
 * @category Output
 */
export function categoryColor(i: number): string {
  const n = CATEGORY_COLORS.length;
  return CATEGORY_COLORS[((i % n) + n) % n] ?? '#000000';
}
