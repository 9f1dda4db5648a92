// The bundle's `react`: Stash's own React instance (esbuild aliases `react` here, so React is never bundled).
// Types still come from @types/react 17, the version the Stash UI ships.
import type * as ReactTypes from 'react';

const R = (window as unknown as { PluginApi: { React: typeof ReactTypes } }).PluginApi.React;
export default R;
export const { createElement, Fragment, useState, useEffect, useMemo, useCallback, useRef } = R;
