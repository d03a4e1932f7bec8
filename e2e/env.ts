import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_URL = `http://localhost:${E2E_PORT}`;
/** Relative to the repository root (the web server's working directory). */
export const E2E_DATA_DIR = ".e2e-data";
export const E2E_DATA_PATH = path.resolve(import.meta.dirname, "..", E2E_DATA_DIR);
