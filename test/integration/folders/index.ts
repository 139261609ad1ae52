// The tests module of the folders suite (see ../folders.ts, which sets the workspace up).
import { runMocha } from '../mocha';

export function run(): Promise<void> {
  return runMocha(__dirname, { timeout: 120000 });
}
