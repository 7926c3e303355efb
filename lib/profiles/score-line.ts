// One line for a person: an image's scores as the CLI and the chat show them.

export interface ScoresLike {
  ocr?: { accuracy: number; recognised: string; expected: string };
  sharpness?: { laplacianVariance: number };
  palette?: { deltaE: number };
}

export function scoreLine(s: ScoresLike): string {
  const parts: string[] = [];
  if (s.ocr)
    parts.push(
      `OCR ${s.ocr.accuracy.toFixed(2)} (read "${s.ocr.recognised}" for "${s.ocr.expected}")`,
    );
  if (s.sharpness) parts.push(`sharpness ${Math.round(s.sharpness.laplacianVariance)}`);
  if (s.palette) parts.push(`palette ΔE ${s.palette.deltaE.toFixed(1)}`);
  return parts.join(' · ');
}
