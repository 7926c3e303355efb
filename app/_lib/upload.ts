import { csrfHeaders, messageFromBody } from './api';
import type { ReferenceView } from './references';

export type UploadResult = { reference: ReferenceView; deduplicated: boolean };
export type UploadHandle = { done: Promise<UploadResult>; abort: () => void };

/**
 * Uploads one file as a reference of the conversation. XMLHttpRequest rather than fetch: only it
 * reports upload progress (`onProgress` gets the fraction sent, 0–1).
 */
export function uploadReference(
  file: File,
  conversationId: string,
  onProgress: (fraction: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve, reject) => {
    // The target in the query string: the server checks the role before it reads the body.
    xhr.open('POST', `/api/references?conversationId=${encodeURIComponent(conversationId)}`);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadResult);
        } catch {
          reject(new Error('The server sent an unreadable reply.'));
        }
      } else {
        reject(new Error(messageFromBody(xhr.responseText, `Upload failed (${xhr.status}).`)));
      }
    };
    xhr.onerror = () => reject(new Error('The upload failed: the connection was lost.'));
    xhr.onabort = () => reject(new Error('Upload cancelled.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
