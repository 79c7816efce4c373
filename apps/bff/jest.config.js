module.exports = require('../../tools/jest/config').forProject(__dirname);
