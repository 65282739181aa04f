// Heat shading from the server's `pprof.fileHeat` (pure; no `vscode` import).
// The server decides which lines are shaded and how dark (`level`); the
// extension only maps a level to its theme colour.
import { HeatLine } from './protocol';

/** Levels 1 (lightest) to HEAT_LEVELS, one theme colour each (package.json `contributes.colors`). */
export const HEAT_LEVELS = 4;

export function heatColorId(level: number): string {
  return `pprof.heat${level}Background`;
}

/** result[level - 1] holds that level's lines; a level without a colour is not shaded. */
export function linesByLevel(lines: HeatLine[]): HeatLine[][] {
  const byLevel: HeatLine[][] = Array.from({ length: HEAT_LEVELS }, () => []);
  for (const l of lines) {
    if (Number.isInteger(l.level) && l.level >= 1 && l.level <= HEAT_LEVELS) byLevel[l.level - 1].push(l);
  }
  return byLevel;
}
