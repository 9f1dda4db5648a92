import React from 'react';
import { Button } from '../pluginApi.js';
import { keptCount } from '../format.js';
import type { Person } from '../sidecar.js';

/**
 * The confidence threshold, with how many of the current results each setting keeps as matches (the rest are
 * "possible"). Saved as the plugin's Minimum confidence setting.
 */
export const ThresholdSlider: React.FC<{
  persons: readonly Person[];
  value: number;
  saved: number;
  onChange(value: number): void;
  onSave(): void;
}> = ({ persons, value, saved, onChange, onSave }) => {
  const withFace = persons.length;
  return (
    <div className="stash-face-threshold" data-testid="stash-face-threshold">
      <label className="text-muted">
        Match threshold <strong>{Math.round(value * 100)}%</strong>: keeps{' '}
        <strong data-testid="stash-face-threshold-kept">{keptCount(persons, value)}</strong> of {withFace}{' '}
        {withFace === 1 ? 'person' : 'people'} as matches
      </label>
      <input
        type="range"
        min={5}
        max={95}
        step={5}
        value={Math.round(value * 100)}
        onChange={(e) => onChange(Number(e.target.value) / 100)}
        data-testid="stash-face-threshold-input"
      />
      <span className="stash-face-threshold-marks text-muted">
        {[0.3, 0.5, 0.7, 0.9].map((t) => `${Math.round(t * 100)}%: ${keptCount(persons, t)}`).join(' · ')}
      </span>
      {Math.round(value * 100) !== Math.round(saved * 100) ? (
        <Button size="sm" variant="secondary" onClick={onSave} data-testid="stash-face-threshold-save">
          Save {Math.round(value * 100)}% as the default
        </Button>
      ) : null}
    </div>
  );
};
