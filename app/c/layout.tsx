import type { ReactNode } from 'react';
import { AppShell } from '../_components/app-shell';
import { shellData } from '../_server/page-data';

export default async function ConversationsLayout({ children }: { children: ReactNode }) {
  return <AppShell initial={await shellData()}>{children}</AppShell>;
}
