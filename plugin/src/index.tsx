// stash-face: the Stash UI plugin. One IIFE; React, Apollo and react-bootstrap come from window.PluginApi.
import React from 'react';
import { Nav, PluginApi, Tab } from './pluginApi.js';
import { PLUGIN_VERSION, saveDefaultsOnce } from './settings.js';
import { IdentifyPanel } from './components/IdentifyPanel.js';
import { StatusLine } from './components/StatusLine.js';
import { FindOnStashBox, type PerformerLike } from './components/FindOnStashBox.js';
import { registerFacesPage } from './faces/register.js';

const SCENE_TAB = 'stash-face-panel';

interface ScenePageProps {
  scene: { id: string; performers: ReadonlyArray<{ id: string }> };
  setTimestamp?: (seconds: number) => void;
}

// An "after" function is called as (props, legacyContext, result): React passes components a second argument, so
// the rendered result is always the LAST argument.
const last = (args: unknown[]) => args[args.length - 1] as React.ReactNode;

PluginApi.patch.after('ScenePage.Tabs', (...args: unknown[]) => (
  <>
    {last(args)}
    <Nav.Item className="stash-face-tab">
      <Nav.Link eventKey={SCENE_TAB} data-testid="stash-face-tab">
        Faces
      </Nav.Link>
    </Nav.Item>
  </>
));

PluginApi.patch.after('ScenePage.TabContent', (...args: unknown[]) => {
  const props = args[0] as ScenePageProps;
  return (
    <>
      {last(args)}
      <Tab.Pane eventKey={SCENE_TAB} mountOnEnter>
        <StatusLine />
        <IdentifyPanel
          target={{ kind: 'scene', id: props.scene.id, performerIds: props.scene.performers.map((p) => p.id) }}
          onSeek={props.setTimestamp}
        />
      </Tab.Pane>
    </>
  );
});

PluginApi.patch.after('ImageDetailPanel', (...args: unknown[]) => {
  const props = args[0] as { image: { id: string; performers: ReadonlyArray<{ id: string }> } };
  return (
    <>
      {last(args)}
      <div className="stash-face-image-section">
        <h6>Faces</h6>
        <StatusLine />
        <IdentifyPanel target={{ kind: 'image', id: props.image.id, performerIds: props.image.performers.map((p) => p.id) }} />
      </div>
    </>
  );
});

PluginApi.patch.after('PerformerDetailsPanel', (...args: unknown[]) => {
  const props = args[0] as { performer: PerformerLike };
  return (
    <>
      {last(args)}
      <FindOnStashBox performer={props.performer} />
    </>
  );
});

registerFacesPage();
// Unsaved settings get their defaults now, so Stash's settings page shows them before any panel is opened.
void saveDefaultsOnce();

(window as unknown as { __stashFaceLoaded?: string }).__stashFaceLoaded = PLUGIN_VERSION ?? 'dev';
