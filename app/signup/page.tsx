import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SignUpForm } from '../_components/signup-form';

export const metadata: Metadata = { title: 'Create account' };

export default function SignUpPage() {
  return (
    <Suspense fallback={null}>
      <SignUpForm />
    </Suspense>
  );
}
