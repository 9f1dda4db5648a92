import React, { useState } from 'react';
import type { Person } from '../sidecar.js';

/**
 * A picture (an image, or the player's frame) with a labelled box on each face. Boxes are in the picture's own
 * pixels (`width` x `height`), drawn in percentages so they follow the picture's displayed size. Hovering a box
 * or its card highlights both (`highlighted`, `onHighlight`).
 */
export const FacesOnPicture: React.FC<{
  src: string;
  width?: number;
  height?: number;
  persons: readonly Person[];
  label(person: Person): string;
  highlighted: string | null;
  onHighlight(id: string | null): void;
}> = ({ src, width, height, persons, label, highlighted, onHighlight }) => {
  // Without a given size (a Stash image), the picture's natural size once it has loaded.
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(width && height ? { w: width, h: height } : null);
  return (
    <div className="stash-face-picture" data-testid="stash-face-picture">
      <img src={src} alt="" onLoad={(e) => natural ?? setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })} />
      {natural
        ? persons.map((p, i) =>
            p.box ? (
              <div
                key={p.id}
                className={`stash-face-box${highlighted === p.id ? ' stash-face-box-on' : ''}${p.matches.length ? '' : ' stash-face-box-unknown'}`}
                data-testid="stash-face-box"
                data-person={p.id}
                style={{
                  left: `${(100 * p.box.x) / natural.w}%`,
                  top: `${(100 * p.box.y) / natural.h}%`,
                  width: `${(100 * p.box.width) / natural.w}%`,
                  height: `${(100 * p.box.height) / natural.h}%`,
                }}
                onMouseEnter={() => onHighlight(p.id)}
                onMouseLeave={() => onHighlight(null)}
              >
                <span className="stash-face-box-label">
                  {i + 1}. {label(p)}
                </span>
              </div>
            ) : null,
          )
        : null}
    </div>
  );
};
