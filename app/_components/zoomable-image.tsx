'use client';

import { type PointerEvent, useEffect, useRef } from 'react';

/** `fit`: the whole image in view; a number: that many screen pixels per image pixel. */
export type Zoom = 'fit' | number;

export const ZOOM_STEPS = [0.25, 0.5, 1, 2, 4];

export function zoomBy(zoom: Zoom, fitScale: number, dir: 1 | -1): Zoom {
  const now = zoom === 'fit' ? fitScale : zoom;
  const next =
    dir > 0 ? ZOOM_STEPS.find((s) => s > now + 1e-6) : ZOOM_STEPS.findLast((s) => s < now - 1e-6);
  if (next === undefined) return zoom;
  return dir < 0 && next <= fitScale ? 'fit' : next;
}

type Props = {
  src: string;
  alt: string;
  width: number;
  height: number;
  zoom: Zoom;
  onToggle: () => void;
};

/** The image at full resolution: fitted, or zoomed in a scrolling frame dragged to pan. */
export function ZoomableImage({ src, alt, width, height, zoom, onToggle }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);
  // A new zoom level looks at the middle of the image, not its top-left corner.
  useEffect(() => {
    const f = frame.current;
    if (!f || zoom === 'fit') return;
    f.scrollLeft = (f.scrollWidth - f.clientWidth) / 2;
    f.scrollTop = (f.scrollHeight - f.clientHeight) / 2;
  }, [zoom]);
  const onDown = (e: PointerEvent) => {
    const f = frame.current;
    if (zoom === 'fit' || !f || e.pointerType !== 'mouse') return;
    drag.current = { x: e.clientX, y: e.clientY, left: f.scrollLeft, top: f.scrollTop };
    f.setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    const f = frame.current;
    if (!d || !f) return;
    f.scrollLeft = d.left - (e.clientX - d.x);
    f.scrollTop = d.top - (e.clientY - d.y);
  };
  return (
    <div
      ref={frame}
      data-testid="lightbox-frame"
      data-zoom={zoom}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={() => {
        drag.current = null;
      }}
      onDoubleClick={onToggle}
      className={`h-full w-full overflow-auto ${zoom === 'fit' ? 'flex items-center justify-center' : 'cursor-grab active:cursor-grabbing'}`}
    >
      <img
        data-testid="lightbox-image"
        src={src}
        alt={alt}
        width={width}
        height={height}
        draggable={false}
        className={zoom === 'fit' ? 'max-h-full max-w-full object-contain' : 'm-auto max-w-none'}
        style={zoom === 'fit' ? undefined : { width: width * zoom, height: height * zoom }}
      />
    </div>
  );
}
