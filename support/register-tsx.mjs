// Loaded first by cucumber (see cucumber.mjs): lets the coordinator and every parallel worker
// import the TypeScript support code and steps. cucumber's own `loader` option cannot load tsx 4.
import { register } from 'tsx/esm/api';

register();
