'use client';

import { type DragEvent, type ReactNode, useRef, useState } from 'react';

const carriesFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');

/** A region that takes dropped files, with an overlay while files are dragged over it. */
export function FileDropZone({
  enabled,
  onFiles,
  className,
  children,
}: {
  enabled: boolean;
  onFiles: (files: File[]) => void;
  className?: string;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; a counter tells when the pointer really left.
  const depth = useRef(0);
  if (!enabled) return <div className={className}>{children}</div>;
  return (
    <div
      data-testid="drop-zone"
      className={`relative ${className ?? ''}`}
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!carriesFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length) onFiles(files);
      }}
    >
      {children}
      {over ? (
        <div
          data-testid="drop-overlay"
          className="pointer-events-none absolute inset-2 z-40 flex items-center justify-center rounded-2xl border-2 border-dashed border-accent-400 bg-accent-50/80"
        >
          <div className="text-center">
            <p className="text-sm font-semibold text-accent-800">Drop to attach</p>
            <p className="mt-1 text-xs text-accent-700">
              PDF briefs, CSV sheets and PNG images become references of this conversation
            </p>
          </div>
        </div>
      ) : null}
    </div>
  );
}
