import { ALL_API_ERROR_CODES } from './errors.js';
import type { RouteDef } from './routes.js';

/**
 * The OpenAPI 3.1 document, built from the same route table that registers the handlers and validates their
 * parameters, so it cannot drift from the code. docs/openapi.json is this document (scripts: npm run openapi;
 * a test fails when it is out of date). Article, Analysis and Finding schemas are referenced from
 * schema.json (docs/schema.json, served at /api/schema.json).
 */
export function buildOpenApi(routes: readonly RouteDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const op: Record<string, unknown> = {
      operationId: r.operationId,
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
    };
    if (r.params.length) {
      op.parameters = r.params.map((p) => {
        const base: Record<string, unknown> = { type: p.type };
        if (p.enum) base.enum = [...p.enum];
        if (p.minimum !== undefined) base.minimum = p.minimum;
        if (p.maximum !== undefined) base.maximum = p.maximum;
        if (p.default !== undefined) base.default = p.default;
        return {
          name: p.name,
          in: p.in,
          description: p.description,
          required: p.in === 'path' ? true : Boolean(p.required),
          ...(p.multi ? { schema: { type: 'array', items: base }, style: 'form', explode: true } : { schema: base }),
        };
      });
    }
    if (r.body) op.requestBody = { description: r.body.description, required: Boolean(r.body.required), content: r.body.content };
    op.responses = {
      [String(r.response.status)]: { description: r.response.description, content: { 'application/json': { schema: r.response.schema } } },
      default: { $ref: '#/components/responses/Error' },
    };
    op.security = [{}, { bearer: [] }];
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parallax HTTP API',
      version,
      description:
        'Explore a corpus of news articles: how outlets label, quote and stand toward actors, which claims they share or contest, ' +
        'and the words behind every number. Served by "parallax serve". Bound to 127.0.0.1 it needs no token; bound to any other ' +
        'address every request needs the access token (Authorization: Bearer <token>). Errors are {"error":{"code","message"}}. See docs/api.md.',
      license: { name: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'meta', description: 'status and descriptions' },
      { name: 'corpus', description: 'overview and filter facets' },
      { name: 'articles', description: 'articles, analyses, findings, ingest and search' },
      { name: 'views', description: 'corpus views: the same JSON as the CLI commands' },
      { name: 'jobs', description: 'long operations' },
    ],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the access token printed by "parallax serve" or set in PARALLAX_TOKEN' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { enum: ALL_API_ERROR_CODES }, message: { type: 'string' }, input: { type: 'string', description: 'the parameter, URL or id the error is about' } },
            },
          },
        },
      },
      responses: { Error: { description: 'an error with its code (docs/api.md#errors)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
  };
}
