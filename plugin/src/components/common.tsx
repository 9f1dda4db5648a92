import React from 'react';
import { Alert, Badge, Button, Spinner } from '../pluginApi.js';
import type { SidecarProblem } from '../sidecar.js';
import { percent } from '../format.js';

export const STRONG_CONFIDENCE = 0.8;

export const Confidence: React.FC<{ confidence: number; lowEvidence?: boolean }> = ({ confidence, lowEvidence }) => {
  const strong = confidence >= STRONG_CONFIDENCE && !lowEvidence;
  return (
    <span className="stash-face-confidence" title="Calibrated probability that this is the performer">
      <Badge variant={strong ? 'success' : 'warning'} className="stash-face-confidence-value">
        {percent(confidence)}
      </Badge>{' '}
      <span className={strong ? 'text-success' : 'text-warning'}>{strong ? 'Strong match' : 'Needs review'}</span>
    </span>
  );
};

export const Country: React.FC<{ country: string | null | undefined }> = ({ country }) => {
  if (!country) return null;
  const code = /^[A-Za-z]{2}$/.test(country) ? country.toLowerCase() : null;
  return (
    <span className="stash-face-country" title={country}>
      {code ? <span className={`fi fi-${code}`} /> : null} {country.toUpperCase()}
    </span>
  );
};

export const Loading: React.FC<{ message: string }> = ({ message }) => (
  <div className="stash-face-loading" data-testid="stash-face-loading">
    <Spinner animation="border" size="sm" role="status" /> <span>{message}</span>
  </div>
);

const TITLES: Record<SidecarProblem['kind'], string> = {
  unreachable: "Can't reach the stash-face sidecar",
  'refused-origin': 'The sidecar refused this page (CORS_ORIGINS)',
  'mixed-content': 'The browser blocks an http:// sidecar on an https:// Stash',
  blocked: 'Stash blocked the request to the sidecar',
  'no-database': 'The sidecar has no face database yet',
  'fetch-failed': "The sidecar couldn't load the picture from Stash",
  unsupported: 'The sidecar cannot do this',
  other: 'Identification failed',
};

function nextStep(problem: SidecarProblem, sidecarUrl: string): React.ReactNode {
  switch (problem.kind) {
    case 'unreachable':
      return (
        <>
          Tried <code>{sidecarUrl}</code>. Check that the sidecar is running and that this browser can open{' '}
          <a href={`${sidecarUrl}/graphql`} target="_blank" rel="noreferrer">
            {sidecarUrl}/graphql
          </a>
          . The address comes from the sidecar's <code>PUBLIC_URL</code>: if it changed, set it there and update the plugin under
          Settings &gt; Plugins.
        </>
      );
    case 'refused-origin':
      return (
        <>
          The sidecar is running but does not accept calls from <code>{window.location.origin}</code>. Add it to the sidecar's{' '}
          <code>CORS_ORIGINS</code> (for example <code>CORS_ORIGINS={window.location.origin}</code> in its compose file or Unraid
          template), restart the sidecar and try again.
        </>
      );
    case 'mixed-content':
      return (
        <>
          Serve the sidecar over HTTPS too: put it behind the same reverse proxy as Stash (for example at{' '}
          <code>{window.location.origin}/face/</code>), set its <code>PUBLIC_URL</code> to that address and reinstall the plugin from
          its new <code>/plugin/index.yml</code>. See the sidecar's docs/deployment.md.
        </>
      );
    case 'blocked':
      return (
        <>
          The plugin may only call the address it was installed with. Clear the plugin's <em>Sidecar URL</em> setting, or set the
          sidecar's <code>PUBLIC_URL</code> to <code>{sidecarUrl}</code> and update the plugin under Settings &gt; Plugins.
        </>
      );
    case 'no-database':
      // the sidecar's own message says how to install one
      return <>Once a database is installed on the sidecar, try again.</>;
    case 'fetch-failed':
      return (
        <>
          Check <code>STASH_URL</code> (and <code>STASH_API_KEY</code> if your Stash needs a login) on the sidecar: it must reach this
          Stash.
        </>
      );
    default:
      return null;
  }
}

export const ProblemView: React.FC<{ problem: SidecarProblem; sidecarUrl: string; onRetry?: () => void }> = ({ problem, sidecarUrl, onRetry }) => (
  <Alert variant={problem.kind === 'no-database' ? 'warning' : 'danger'} className="stash-face-problem" data-testid={`stash-face-error-${problem.kind}`}>
    <strong>{TITLES[problem.kind]}</strong>
    <div className="stash-face-problem-message">{problem.message}</div>
    <div className="stash-face-problem-next">{nextStep(problem, sidecarUrl)}</div>
    {onRetry ? (
      <Button size="sm" variant="secondary" onClick={onRetry} className="mt-2">
        Try again
      </Button>
    ) : null}
  </Alert>
);
