// The local runtime and the tests run on Node 20; Lambda runs Node 22. The SDK's warning about
// Node 20 would only add noise to every test run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Functions log JSON lines at INFO in Lambda; in tests only warnings and errors are worth reading
// (a test that wants the lines sets its own level). Our logger reads it as Powertools' did.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
