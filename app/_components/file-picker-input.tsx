'use client';

import type { RefObject } from 'react';
import { ACCEPT_REFERENCES } from '../_lib/references';

/** The hidden file input behind an "attach" button: hands over the picked files, then forgets them. */
export function FilePickerInput({
  inputRef,
  onFiles,
  testId,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  onFiles: (files: File[]) => void;
  testId: string;
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      multiple
      accept={ACCEPT_REFERENCES}
      data-testid={testId}
      className="hidden"
      onChange={(e) => {
        onFiles([...(e.target.files ?? [])]);
        e.target.value = '';
      }}
    />
  );
}
