// Typed access to the parts of window.PluginApi the plugin uses (Stash ui/v2.5 src/pluginApi.tsx). Only what we touch
// is declared: the Stash UI ships these libraries, the plugin bundles none of them.
import type { ComponentType, ReactNode } from 'react';
import type { DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type {
  StashFaceConfigurePluginMutationVariables,
  StashFaceTagCreateMutationVariables,
  StashFaceSceneMarkerCreateMutationVariables,
  StashFaceBulkImageUpdateMutationVariables,
  StashFaceBulkSceneUpdateMutationVariables,
  StashFacePerformerCreateMutationVariables,
  StashFacePerformerUpdateMutationVariables,
} from './generated/stash.js';

/** The subset of @apollo/client 3 (PluginApi.libraries.Apollo) the plugin uses. */
export interface ApolloQueryResult<T> {
  data: T;
}
export interface ApolloClientLike {
  query<T, V>(options: { query: TypedDocumentNode<T, V>; variables?: V; fetchPolicy?: 'network-only' | 'no-cache' | 'cache-first' }): Promise<ApolloQueryResult<T>>;
  mutate<T, V>(options: { mutation: TypedDocumentNode<T, V>; variables?: V; fetchPolicy?: 'no-cache'; refetchQueries?: string[] }): Promise<{ data?: T | null }>;
}
export interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}
/** ApolloError: GraphQL errors from the server, or a network error (fetch failed, CSP blocked it, bad status). */
export interface ApolloErrorLike extends Error {
  graphQLErrors?: readonly GraphQLErrorLike[];
  networkError?: (Error & { statusCode?: number }) | null;
}
export interface ApolloLibrary {
  ApolloClient: new (options: { link: unknown; cache: unknown; defaultOptions?: unknown }) => ApolloClientLike;
  InMemoryCache: new (options?: unknown) => unknown;
  HttpLink: new (options: { uri: string; credentials?: string }) => unknown;
}

type MutationHook<V> = () => [(options: { variables: V }) => Promise<{ data?: unknown; errors?: readonly GraphQLErrorLike[] }>, unknown];

export interface StashServiceLike {
  getClient(): ApolloClientLike;
  useBulkSceneUpdate: (input?: StashFaceBulkSceneUpdateMutationVariables['input']) => ReturnType<MutationHook<StashFaceBulkSceneUpdateMutationVariables>>;
  useBulkImageUpdate: MutationHook<StashFaceBulkImageUpdateMutationVariables>;
  usePerformerCreate: MutationHook<StashFacePerformerCreateMutationVariables>;
  usePerformerUpdate: MutationHook<StashFacePerformerUpdateMutationVariables>;
  useConfigurePlugin: MutationHook<StashFaceConfigurePluginMutationVariables>;
  useTagCreate: MutationHook<StashFaceTagCreateMutationVariables>;
  useSceneMarkerCreate: MutationHook<StashFaceSceneMarkerCreateMutationVariables>;
}

export interface Toast {
  success(message: ReactNode): void;
  error(error: unknown): void;
}

/** react-bootstrap 1.x components as the Stash UI exports them; props are loose on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = ComponentType<any>;
export interface BootstrapLibrary {
  Button: Loose;
  Badge: Loose;
  Card: Loose & { Body: Loose };
  Nav: Loose & { Item: Loose; Link: Loose };
  Tab: Loose & { Pane: Loose };
  Spinner: Loose;
  Alert: Loose;
  Collapse: Loose;
}

export interface PluginApiLike {
  React: typeof import('react');
  GQL: Record<string, DocumentNode | unknown>;
  libraries: { Apollo: ApolloLibrary; Bootstrap: BootstrapLibrary; FontAwesomeSolid: Record<string, unknown> };
  components: Record<string, Loose | undefined>;
  utils: { StashService: StashServiceLike };
  hooks: { useToast(): Toast };
  patch: {
    after(component: string, fn: (...args: any[]) => ReactNode): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  Event: { addEventListener(type: string, listener: (e: Event) => void): void };
}

export const PluginApi = (window as unknown as { PluginApi: PluginApiLike }).PluginApi;
export const { Button, Badge, Nav, Tab, Spinner, Alert } = PluginApi.libraries.Bootstrap;

/** Values the sidecar writes in front of the bundle when it serves the plugin (see src/server/plugin-source.ts). */
export interface ServedDefaults {
  sidecarUrl?: string;
  version?: string;
}
export const servedDefaults: ServedDefaults = (window as unknown as { StashFaceDefaults?: ServedDefaults }).StashFaceDefaults ?? {};
