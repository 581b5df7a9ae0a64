#!/usr/bin/env node
// The `qnzs` command. The workspaces ship TypeScript source, so the CLI runs it through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../apps/cli/src/main.ts");
await main(process.argv);
