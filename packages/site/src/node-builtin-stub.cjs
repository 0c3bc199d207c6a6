// The browser bundles never call what needs Node built-ins (only shared schemas are used):
// this stands in for them so a core module with both can be imported for its schemas.
module.exports = {};
