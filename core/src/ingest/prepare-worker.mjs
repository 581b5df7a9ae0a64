// A worker thread starts without its parent's TypeScript loader: register tsx, then load the worker itself.
import { register } from "tsx/esm/api";

register();
await import("./prepare-worker.ts");
