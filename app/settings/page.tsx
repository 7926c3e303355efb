import type { Metadata } from 'next';
import { AppProvider } from '../_components/app-context';
import { SettingsView } from '../_components/settings-view';

export const metadata: Metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <AppProvider>
      <SettingsView />
    </AppProvider>
  );
}
