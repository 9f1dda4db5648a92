// plugin/build.mjs loads .graphql files as text (esbuild's text loader).
declare module '*.graphql' {
  const text: string;
  export default text;
}
