// Run by run.ts between the two windows of the folders suite: see changeWhileClosed in foldersSetup.ts.
import { betweenWindows } from './foldersSetup';

process.exit(betweenWindows());
