'use client';

import { useEffect, useState } from 'react';
import type { ModelsResponse, Profile } from './types';

const MODEL_KEY = 'atelier.model';

/**
 * The model and profile for the next message: the model is remembered across conversations, the
 * profile per conversation (it starts as the one its last message used: lastChoice in
 * image-settings.ts).
 */
export function useModelChoice(models: ModelsResponse | null, initialProfile: Profile = 'draft') {
  const [model, setModelState] = useState('');
  const [profile, setProfile] = useState<Profile>(initialProfile);

  useEffect(() => {
    if (!models) return;
    setModelState((current) => {
      if (current && models.models.some((m) => m.id === current)) return current;
      let stored: string | null = null;
      try {
        stored = window.localStorage.getItem(MODEL_KEY);
      } catch {
        // storage unavailable
      }
      if (stored && models.models.some((m) => m.id === stored)) return stored;
      return models.defaultModel || models.models[0]?.id || '';
    });
  }, [models]);

  const setModel = (id: string) => {
    setModelState(id);
    try {
      window.localStorage.setItem(MODEL_KEY, id);
    } catch {
      // storage unavailable
    }
  };

  return { model, setModel, profile, setProfile };
}
