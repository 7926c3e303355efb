'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { formatBytes, type ReferenceView } from './references';
import { sentence } from './sentence';
import { uploadReference } from './upload';

export type Attachment = {
  key: string;
  name: string;
  bytes: number;
  /** Fraction of the bytes sent, 0–1; the server still reads the file after 1. */
  progress: number;
  status: 'uploading' | 'ready' | 'failed';
  reference?: ReferenceView;
  error?: string;
};

let counter = 0;

/**
 * Files dropped, pasted or picked in the composer: each is uploaded at once as a reference of the
 * conversation, with its progress; the ready ones go with the next message.
 */
export function useAttachments(
  conversationId: string,
  maxBytes: number | null,
  onUploaded: () => void,
) {
  const [items, setItems] = useState<Attachment[]>([]);
  const aborts = useRef(new Map<string, () => void>());
  const patch = (key: string, p: Partial<Attachment>) =>
    setItems((all) => all.map((a) => (a.key === key ? { ...a, ...p } : a)));

  const add = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = `a${++counter}`;
        const base = { key, name: file.name || 'pasted file', bytes: file.size, progress: 0 };
        if (maxBytes !== null && file.size > maxBytes) {
          setItems((all) => [
            ...all,
            {
              ...base,
              status: 'failed',
              error: `${formatBytes(file.size)} is over the upload limit of ${formatBytes(maxBytes)}`,
            },
          ]);
          continue;
        }
        if (file.size === 0) {
          setItems((all) => [...all, { ...base, status: 'failed', error: 'The file is empty' }]);
          continue;
        }
        setItems((all) => [...all, { ...base, status: 'uploading' }]);
        const upload = uploadReference(file, conversationId, (progress) =>
          patch(key, { progress }),
        );
        aborts.current.set(key, upload.abort);
        upload.done.then(
          ({ reference }) => {
            patch(key, { status: 'ready', progress: 1, reference, name: reference.name });
            onUploaded();
          },
          (err: Error) => patch(key, { status: 'failed', error: sentence(err.message) }),
        );
        void upload.done.finally(() => aborts.current.delete(key)).catch(() => undefined);
      }
    },
    [conversationId, maxBytes, onUploaded],
  );

  /** Takes a file off the message; an upload still running is cancelled (a stored one stays a reference). */
  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.();
    setItems((all) => all.filter((a) => a.key !== key));
  }, []);

  const clear = useCallback(
    () => setItems((all) => all.filter((a) => a.status === 'uploading')),
    [],
  );

  useEffect(() => {
    const running = aborts.current;
    return () => running.forEach((abort) => abort());
  }, []);

  const ready = items.filter((a) => a.status === 'ready' && a.reference).map((a) => a.reference!);
  return {
    items,
    add,
    remove,
    clear,
    ready,
    uploading: items.some((a) => a.status === 'uploading'),
  };
}
