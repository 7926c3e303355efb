// One PDF page drawn to PNG for the viewer, in the parse worker: pdf.js paints on @napi-rs/canvas.
import { AppError } from '../errors';
import type { IngestLimits } from './limits';
import { explain, openPdf } from './pdf';

/** The canvas is native memory outside the worker's V8 limit, so its size is capped here. */
export const MAX_PAGE_PIXELS = 4_000_000;

export async function renderPdfPage(
  path: string,
  page: number,
  width: number,
  limits: IngestLimits,
): Promise<Uint8Array> {
  const parser = await openPdf(path, { maxImagePixels: limits.pdfMaxImagePixels });
  try {
    const info = await parser
      .getInfo({ parsePageInfo: true, partial: [page] })
      .catch((err) => Promise.reject(explain(err)));
    if (page > info.total)
      throw new AppError(
        'bad_request',
        `the PDF has pages 1–${info.total}; there is no page ${page}`,
      );
    const box = info.pages.find((p) => p.pageNumber === page);
    if (!box || !(box.width > 0 && box.height > 0))
      throw new AppError('bad_request', `page ${page} of the PDF has no usable size`);
    const { width: w, height: h } = box;
    // Very tall or wide pages are drawn smaller so the canvas stays under the pixel cap.
    const scale = Math.min(width / w, Math.sqrt(MAX_PAGE_PIXELS / (w * h)));
    const shot = await parser
      .getScreenshot({ partial: [page], scale, imageBuffer: true, imageDataUrl: false })
      .catch((err) => Promise.reject(explain(err)));
    const png = shot.pages[0]?.data;
    if (!png?.length)
      throw new AppError('bad_request', `page ${page} of the PDF could not be drawn`);
    return new Uint8Array(png);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
