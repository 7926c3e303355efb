// Registers every assistant tool. Imported by the process entry points (server, CLI, tests), not by
// route bundles, so tools run on the un-bundled modules (the engine's worker thread needs real files).
import { generateImageTool } from './generate-image';
import { registerTool } from './registry';

registerTool('generate_image', generateImageTool);
