import { main } from './src/synth';

process.exitCode = main();
