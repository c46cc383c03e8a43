export { createApp, CONTENT_SECURITY_POLICY, type AppOptions, type ParallaxApp } from './app.js';
export { startServer, DEFAULT_PORT, type ServeOptions, type RunningServer } from './serve.js';
export { httpStatusFor, errorResponse, HTTP_ERROR_CODES, type ApiErrorCode } from './errors.js';
export { buildOpenApi } from './openapi.js';
export { apiRoutes, type RouteDef } from './routes.js';
