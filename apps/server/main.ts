// Serves without demo data: production entry point (`node dist/apps/server/main.js`).
process.argv.splice(2, process.argv.length, 'start');
require('../cli/cli');
