// Which colour the text takes, and whether it needs a backing plate. Brand colours (the palette)
// come first; black or white next; when neither reaches the target on the bare backdrop, a plate of
// black or white (whichever the text contrasts with more) goes under the text, as transparent as the
// target allows. A solid plate always gives any colour at least 4.58:1, so the target of 4.5 is
// always met; the boosted target of 7 is met by black or white on a solid plate.
import { hexToRgb } from '../metrics/colour';
import {
  type Backdrop,
  BLACK,
  contrastRatio,
  type LuminanceRange,
  luminance,
  luminanceRange,
  WHITE,
  worstContrast,
} from './colour';

export const MIN_CONTRAST = 4.5;
export const BOOST_CONTRAST = 7;

const PLATE_OPACITIES = [0.5, 0.6, 0.7, 0.8, 0.9, 1];
const BOOST_PLATE_OPACITIES = [0.8, 0.9, 1];

export interface ColourChoice {
  fill: string;
  source: 'palette' | 'default';
  /** The worst-case WCAG contrast ratio of the text against what is under it, rounded down. */
  contrast: number;
  plate: { fill: string; opacity: number } | null;
  /** The bare backdrop's luminance range under the text. */
  backdrop: LuminanceRange;
}

interface Candidate {
  fill: string;
  source: ColourChoice['source'];
}

const floor2 = (n: number) => Math.floor(n * 100) / 100;

function best(candidates: Candidate[], range: LuminanceRange) {
  let pick: { candidate: Candidate; contrast: number } | undefined;
  for (const candidate of candidates) {
    const contrast = worstContrast(hexToRgb(candidate.fill), range);
    if (!pick || contrast > pick.contrast) pick = { candidate, contrast };
  }
  return pick;
}

/** The plate a colour stands out against more: black under light text, white under dark. */
function plateFor(fill: string): string {
  const l = luminance(...hexToRgb(fill));
  return contrastRatio(l, 0) >= contrastRatio(l, 1) ? BLACK : WHITE;
}

function withPlate(
  candidates: Candidate[],
  backdrop: Backdrop,
  opacities: number[],
  target: number,
): Omit<ColourChoice, 'backdrop'> | undefined {
  let pick: { candidate: Candidate; plate: string; opacity: number; contrast: number } | undefined;
  for (const candidate of candidates) {
    const plate = plateFor(candidate.fill);
    for (const opacity of opacities) {
      if (pick && opacity > pick.opacity) break;
      const range = luminanceRange(backdrop, { rgb: hexToRgb(plate), opacity });
      const contrast = worstContrast(hexToRgb(candidate.fill), range);
      if (contrast < target) continue;
      if (!pick || opacity < pick.opacity || contrast > pick.contrast)
        pick = { candidate, plate, opacity, contrast };
      break;
    }
  }
  return (
    pick && {
      ...pick.candidate,
      contrast: floor2(pick.contrast),
      plate: { fill: pick.plate, opacity: pick.opacity },
    }
  );
}

export function chooseColour(
  backdrop: Backdrop,
  palette: string[],
  options: { boost?: boolean } = {},
): ColourChoice {
  const bare = luminanceRange(backdrop);
  const brand: Candidate[] = palette.map((fill) => ({ fill, source: 'palette' }));
  const plain: Candidate[] = [WHITE, BLACK].map((fill) => ({ fill, source: 'default' }));
  const target = options.boost ? BOOST_CONTRAST : MIN_CONTRAST;
  const opacities = options.boost ? BOOST_PLATE_OPACITIES : PLATE_OPACITIES;

  if (!options.boost) {
    for (const group of [brand, plain]) {
      const pick = best(group, bare);
      if (pick && pick.contrast >= target)
        return { ...pick.candidate, contrast: floor2(pick.contrast), plate: null, backdrop: bare };
    }
  }
  for (const group of [brand, plain]) {
    const pick = withPlate(group, backdrop, opacities, target);
    if (pick) return { ...pick, backdrop: bare };
  }
  // Unreachable: white or black on a solid plate of the other is 21:1.
  throw new Error('no colour reaches the contrast target');
}
