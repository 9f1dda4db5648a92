// Puts the Faces page in Stash: a plugin route and a link in the navigation bar.
import React from 'react';
import { PluginApi } from '../pluginApi.js';
import { FacesPage } from './FacesPage.js';

export const FACES_ROUTE = '/plugin/stash-face/faces';

const last = (args: unknown[]) => args[args.length - 1] as React.ReactNode;

export function registerFacesPage(): void {
  const api = PluginApi as unknown as {
    register: { route(path: string, component: React.ComponentType): void };
    libraries: { ReactRouterDOM: { Link: React.ComponentType<{ to: string; className?: string; children?: React.ReactNode }> } };
  };
  api.register.route(FACES_ROUTE, FacesPage);
  const { Link } = api.libraries.ReactRouterDOM;
  PluginApi.patch.after('MainNavBar.UtilityItems', (...args: unknown[]) => (
    <>
      <Link to={FACES_ROUTE} className="nav-utility stash-face-nav btn btn-secondary" data-testid="stash-face-nav">
        Faces
      </Link>
      {last(args)}
    </>
  ));
}
