'use client';

import { createContext, useContext } from 'react';
import type { OpenReference } from '../_lib/references';

/** Opens the reference viewer from anywhere in a conversation (citation chips, attachments, the panel). */
export const ReferenceOpener = createContext<OpenReference | null>(null);

export const useOpenReference = () => useContext(ReferenceOpener);
