// Registers every assistant tool. Imported by the process entry points (server, CLI, tests), not by
// route bundles, so tools run on the un-bundled modules (the engine's worker thread needs real files).
import { generateImageTool } from './generate-image';
import { readReferenceTool } from './read-reference';
import { registerTool } from './registry';
import { searchWebTool } from './search-web';

registerTool('generate_image', generateImageTool);
registerTool('search_web', searchWebTool);
registerTool('read_reference', readReferenceTool);
