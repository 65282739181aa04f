// Heat shading from the server's `pprof.fileHeat` (pure; no `vscode` import).
// The server decides which lines are shaded, how dark (`level`) and, in a
// comparison, whether the line grew or shrank (`change`); the extension only
// maps those to a theme colour.
import { HeatLine } from './protocol';

/** Levels 1 (lightest) to HEAT_LEVELS, one theme colour each (package.json `contributes.colors`). */
export const HEAT_LEVELS = 4;

/** Warm colours for cost and growth, cool ones for shrinkage. */
export const PALETTES = ['heat', 'shrink'] as const;

export function heatColorId(level: number, palette: (typeof PALETTES)[number] = 'heat'): string {
  return `pprof.${palette}${level}Background`;
}

/** Every colour a line can get: one decoration type each. */
export const HEAT_COLOR_IDS: readonly string[] = PALETTES.flatMap((palette) =>
  Array.from({ length: HEAT_LEVELS }, (_, i) => heatColorId(i + 1, palette)),
);

/** The colour of a line, or undefined for a level without one (not shaded). */
export function colorIdOf(line: HeatLine): string | undefined {
  if (!Number.isInteger(line.level) || line.level < 1 || line.level > HEAT_LEVELS) return undefined;
  return heatColorId(line.level, line.change === 'shrank' ? 'shrink' : 'heat');
}

/** The lines of each colour of HEAT_COLOR_IDS, in that order. */
export function linesByColor(lines: HeatLine[]): HeatLine[][] {
  const byColor: HeatLine[][] = HEAT_COLOR_IDS.map(() => []);
  for (const l of lines) {
    const id = colorIdOf(l);
    if (id) byColor[HEAT_COLOR_IDS.indexOf(id)].push(l);
  }
  return byColor;
}
