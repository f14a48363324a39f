// Checks that every API response the test suites saw matches the OpenAPI
// document (server/openapi.json).
//
// usage: node openapi-responses.mjs LOG_DIR [--require http,browser]
//        node openapi-responses.mjs --self-test
//
// LOG_DIR holds the *.jsonl files the HTTP test client (tests/http/client.c)
// and the browser harness (lib/responselog.mjs) write when
// KOPPEL_RESPONSE_LOG points there: one line per response with method,
// request path, status, the headers the check needs (lower-case) and the
// body text. Each line is matched to an operation of the document (path
// templates under the server URL /api/v1) and checked:
//   - the status is declared for the operation (a method the path does not
//     have must be answered 405 with Allow, components/responses/
//     MethodeNietToegestaan, as the document's description says);
//   - the Content-Type is one the response declares, and a JSON body
//     validates against its schema (ajv; OpenAPI 3.0.3 schemas converted to
//     JSON Schema strictly: `nullable` only adds null to an explicit `type`,
//     an `enum` must list null itself) and carries no property the schema
//     does not declare (unless it allows others with additionalProperties);
//   - the headers Location, WWW-Authenticate, Allow,
//     Access-Control-Allow-Origin and Retry-After appear only where the
//     response declares them, and declared `required` headers are present;
//     every 401 carries WWW-Authenticate (RFC 9110, 11.6.1).
// A path under /api/ that matches no template must be answered 404. Not
// checked: the test-only routes under /api/v1/_test/, and answers without
// API-Version, which the HTTP library gives before Koppel sees the request.
// An empty log fails the check; --require names the sources that must each
// have logged at least one line (a suite that silently stopped logging).
// Exits 1 with a list of the mismatches, grouped, each with a count and one
// example; 0 when every response matches. --self-test checks the checker:
// a few made-up responses the document forbids must each be reported, and
// ones it allows must not be.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const DOC_PATH = fileURLToPath(new URL('../../server/openapi.json', import.meta.url));
const CHECKED_HEADERS = ['location', 'www-authenticate', 'allow', 'access-control-allow-origin', 'retry-after'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Converts an OpenAPI 3.0.3 Schema Object (recursively) into JSON Schema
 * for ajv. `nullable: true` adds "null" to the type only when `type` is
 * given in the same object (OpenAPI 3.0.3, 4.7.25.1 nullable); an enum is
 * left as it is, so a nullable enum must list null to accept it. Local
 * references point into the document registered as "doc".
 */
function convert(schema) {
  if (Array.isArray(schema)) {
    return schema.map(convert);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      out.$ref = `doc${value}`;
    } else if (key === 'nullable' || key === 'example' || key === 'discriminator' || key === 'xml'
      || key === 'externalDocs' || key.startsWith('x-')) {
      // annotations without meaning for validation (nullable handled below)
    } else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    } else {
      out[key] = convert(value);
    }
  }
  if (schema.nullable === true && typeof schema.type === 'string') {
    out.type = [schema.type, 'null'];
  }
  return out;
}

/** Follows a local $ref ("#/components/...") in the document. */
function deref(doc, obj) {
  let seen = 0;
  while (obj && obj.$ref) {
    if (++seen > 20) {
      throw new Error(`reference loop at ${obj.$ref}`);
    }
    obj = obj.$ref.slice(2).split('/').reduce((o, part) => o?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return obj;
}

/** The path templates of the document as matchers, literal paths before templated ones. */
function pathMatchers(doc, base) {
  return Object.keys(doc.paths)
    .map((template) => {
      const params = (template.match(/\{[^}]+\}/g) ?? []).length;
      const source = template.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+');
      return { template, params, regex: new RegExp(`^${base}${source}$`) };
    })
    .sort((a, b) => a.params - b.params);
}

/** Media type without parameters, lower-case. */
function mediaType(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function isJson(type) {
  return type === 'application/json' || type.endsWith('+json');
}

/** The content entry of a response declaration for a media type (exact, then "type/*", then any). */
function declaredContent(content, type) {
  if (!content) {
    return undefined;
  }
  const keys = Object.keys(content);
  const key = keys.find((k) => mediaType(k) === type)
    ?? keys.find((k) => k.endsWith('/*') && type.startsWith(k.slice(0, -1)))
    ?? keys.find((k) => k === '*/*');
  return key === undefined ? undefined : content[key];
}

/**
 * Checks one logged response against the document; returns a list of
 * mismatches as {operation, problem, detail}.
 */
function check(ctx, line) {
  const { doc, matchers, validators, ajv } = ctx;
  const path = line.path.split('?')[0];
  const method = line.method.toLowerCase();
  const found = [];
  const fail = (operation, problem, detail = '') => found.push({ operation, problem, detail });

  const match = matchers.find((m) => m.regex.test(path));
  if (!match) {
    if (line.status !== 404) {
      fail(`${line.method} ${path}`, `path is not in the document but was answered ${line.status}`);
    }
    return found;
  }
  const item = doc.paths[match.template];
  let op = item[method];
  if (!op && method === 'head') {
    op = item.get; // HEAD is GET without the body
  }
  const operation = `${line.method} ${match.template}`;
  let declared;
  if (!op) {
    if (line.status !== 405) {
      fail(operation, `method not in the document but was answered ${line.status}`);
      return found;
    }
    declared = deref(doc, doc.components.responses.MethodeNietToegestaan);
  } else {
    const responses = op.responses ?? {};
    const status = String(line.status);
    const key = [status, `${status[0]}XX`, 'default'].find((k) => responses[k] !== undefined);
    if (key === undefined) {
      fail(operation, `status ${line.status} not declared`, line.body ? line.body.slice(0, 300) : '');
      return found;
    }
    declared = deref(doc, responses[key]);
  }

  // Headers.
  const declaredHeaders = Object.fromEntries(
    Object.entries(declared.headers ?? {}).map(([name, h]) => [name.toLowerCase(), deref(doc, h)]),
  );
  for (const name of CHECKED_HEADERS) {
    if (line.headers[name] !== undefined && declaredHeaders[name] === undefined) {
      fail(operation, `${line.status}: header ${name} sent but not declared`, line.headers[name]);
    }
  }
  for (const [name, h] of Object.entries(declaredHeaders)) {
    if (h.required && CHECKED_HEADERS.includes(name) && line.headers[name] === undefined) {
      fail(operation, `${line.status}: required header ${name} missing`);
    }
  }
  if (line.status === 401 && line.headers['www-authenticate'] === undefined) {
    fail(operation, '401 without WWW-Authenticate');
  }

  // Body.
  const body = line.body ?? '';
  if (method === 'head' || line.bodyUnavailable || line.status === 204 || line.status === 304) {
    return found;
  }
  const type = mediaType(line.headers['content-type']);
  if (!declared.content) {
    if (body.length > 0) {
      fail(operation, `${line.status}: body sent (${type || 'no Content-Type'}) but none declared`);
    }
    return found;
  }
  if (body.length === 0) {
    return found; // an empty body is never declared as content; HEAD-like answers
  }
  const content = declaredContent(declared.content, type);
  if (!content) {
    fail(operation, `${line.status}: Content-Type ${type || '(none)'} not declared`,
      `declared: ${Object.keys(declared.content).join(', ')}`);
    return found;
  }
  if (!isJson(type) || !content.schema) {
    return found;
  }
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    fail(operation, `${line.status}: body is not JSON (${err.message})`);
    return found;
  }
  let validate = validators.get(content.schema);
  if (!validate) {
    validate = ajv.compile(convert(content.schema));
    validators.set(content.schema, validate);
  }
  if (validate(parsed)) {
    const extra = new Set();
    undeclared(ctx.doc, content.schema, parsed, '', extra);
    for (const where of extra) {
      fail(operation, `${line.status}: ${where} is sent but not declared`);
    }
  } else {
    for (const err of validate.errors) {
      const where = err.instancePath.replace(/\/\d+(?=\/|$)/g, '/*') || '(body)';
      const extra = err.params?.additionalProperty ? ` '${err.params.additionalProperty}'`
        : err.params?.allowedValues ? ` ${JSON.stringify(err.params.allowedValues)}` : '';
      fail(operation, `${line.status}: ${where} ${err.message}${extra}`,
        `value: ${JSON.stringify(valueAt(parsed, err.instancePath))?.slice(0, 200)}`);
    }
  }
  return found;
}

/** Follows $ref in an OpenAPI schema ("#/components/schemas/X") to the schema itself. */
function schemaDeref(doc, schema) {
  return schema && schema.$ref ? deref(doc, schema) : schema;
}

/**
 * What an object may carry under schema: `props`, its own properties merged
 * with those of its allOf/anyOf/oneOf members; `extra`, the schema of other
 * properties (additionalProperties as a schema); `open`, whether other
 * properties are allowed at all (additionalProperties given and not false,
 * or a free-form object that lists no properties).
 */
function objectShape(doc, schema, seen = new Set()) {
  schema = schemaDeref(doc, schema);
  const shape = { props: {}, extra: null, open: false };
  if (!schema || seen.has(schema)) {
    return shape;
  }
  seen.add(schema);
  Object.assign(shape.props, schema.properties ?? {});
  const addl = schema.additionalProperties;
  if (addl !== undefined && addl !== false) {
    shape.open = true;
    shape.extra = typeof addl === 'object' ? addl : null;
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const member of schema[key] ?? []) {
      const m = objectShape(doc, member, seen);
      Object.assign(shape.props, m.props);
      shape.open ||= m.open;
      shape.extra ??= m.extra;
    }
  }
  return shape;
}

/** objectShape, where an object schema that lists no properties at all is free-form. */
function objectShapeOrFree(doc, schema) {
  const shape = objectShape(doc, schema);
  if (Object.keys(shape.props).length === 0) {
    shape.open = true;
  }
  return shape;
}

/**
 * Walks value with its (already validated) schema and reports each object
 * property the document does not declare, as a JSON pointer with * for array
 * indexes and for keys of a map (additionalProperties). JSON Schema lets
 * undeclared properties through unless told otherwise; the document is to
 * describe every field the API sends.
 */
function undeclared(doc, schema, value, pointer, out) {
  schema = schemaDeref(doc, schema);
  if (!schema || value === null || typeof value !== 'object') {
    return;
  }
  if (Array.isArray(value)) {
    const items = schema.items ?? ['allOf', 'anyOf', 'oneOf'].flatMap((k) => schema[k] ?? [])
      .map((m) => schemaDeref(doc, m)?.items).find(Boolean);
    for (const item of value) {
      undeclared(doc, items, item, `${pointer}/*`, out);
    }
    return;
  }
  const shape = objectShapeOrFree(doc, schema);
  for (const [name, v] of Object.entries(value)) {
    if (Object.hasOwn(shape.props, name)) {
      undeclared(doc, shape.props[name], v, `${pointer}/${name}`, out);
    } else if (shape.extra) {
      undeclared(doc, shape.extra, v, `${pointer}/*`, out);
    } else if (!shape.open) {
      out.add(`${pointer}/${name}`);
    }
  }
}

/** The value at a JSON pointer in obj. */
function valueAt(obj, pointer) {
  return pointer.split('/').slice(1).reduce((o, part) => o?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], obj);
}

/** Reads every *.jsonl line of dir; a line that is not JSON is an error of the logger. */
function readLog(dir) {
  const lines = [];
  const broken = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const text of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!text) {
        continue;
      }
      try {
        lines.push(JSON.parse(text));
      } catch {
        broken.push(`${file}: ${text.slice(0, 120)}`);
      }
    }
  }
  return { lines, broken };
}

/** The document, ajv and the path matchers: what check() needs. */
function context() {
  const doc = JSON.parse(readFileSync(DOC_PATH, 'utf8'));
  const base = new URL(doc.servers[0].url, 'http://x').pathname.replace(/\/$/, '');
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: { schemas: convert(doc.components.schemas) } });
  return { doc, base, ajv, matchers: pathMatchers(doc, base), validators: new Map() };
}

/**
 * Checks the checker on made-up responses: each `bad` one must yield a
 * mismatch whose text contains `expect`, each `good` one none. Returns the
 * exit status.
 */
function selfTest() {
  const ctx = context();
  const json = { 'content-type': 'application/json', 'api-version': '0.1.0' };
  const problem = { 'content-type': 'application/problem+json', 'api-version': '0.1.0' };
  const health = (status) => JSON.stringify({ status, version: '0.1.0', schemaVersion: 1 });
  const problemBody = (status) => JSON.stringify({ status, title: 'x', detail: 'x' });
  const cases = [
    { good: true, line: { method: 'GET', path: '/api/v1/health', status: 200, headers: json, body: health('ok') } },
    { good: true, line: { method: 'DELETE', path: '/api/v1/health', status: 405, headers: { ...problem, allow: 'GET, HEAD' }, body: problemBody(405) } },
    { good: true, line: { method: 'GET', path: '/api/v1/bestaat-niet', status: 404, headers: problem, body: '{}' } },
    { expect: 'status 418 not declared', line: { method: 'GET', path: '/api/v1/health', status: 418, headers: json, body: '{}' } },
    { expect: '401 without WWW-Authenticate', line: { method: 'GET', path: '/api/v1/gebruikers/mij', status: 401, headers: problem, body: problemBody(401) } },
    { expect: 'header location sent but not declared', line: { method: 'GET', path: '/api/v1/health', status: 200, headers: { ...json, location: '/x' }, body: health('ok') } },
    { expect: 'Content-Type text/html not declared', line: { method: 'GET', path: '/api/v1/health', status: 200, headers: { ...json, 'content-type': 'text/html' }, body: '<p>' } },
    { expect: 'method not in the document', line: { method: 'DELETE', path: '/api/v1/health', status: 200, headers: json, body: '{}' } },
    { expect: 'path is not in the document', line: { method: 'GET', path: '/api/v1/bestaat-niet', status: 200, headers: json, body: '{}' } },
    { expect: '/geheim is sent but not declared', line: { method: 'GET', path: '/api/v1/health', status: 200, headers: json, body: JSON.stringify({ status: 'ok', version: '0.1.0', schemaVersion: 1, geheim: 1 }) } },
    { expect: '/status must be equal to one of the allowed values', line: { method: 'GET', path: '/api/v1/health', status: 200, headers: json, body: health('prima') } },
  ];
  let status = 0;
  // OpenAPI 3.0.3: nullable adds null only to an explicit type; with allOf and no type, or on an enum
  // without null, null is refused.
  const schemas = [
    [{ nullable: true, allOf: [{ $ref: '#/components/schemas/Duur' }] }, false],
    [{ anyOf: [{ $ref: '#/components/schemas/Duur' }, { type: 'object', nullable: true, enum: [null] }] }, true],
    [{ type: 'string', nullable: true, enum: ['a'] }, false],
    [{ type: 'string', nullable: true, enum: ['a', null] }, true],
    [{ type: 'string', nullable: true }, true],
    [{ type: 'string' }, false],
  ];
  for (const [schema, acceptsNull] of schemas) {
    if (ctx.ajv.compile(convert(schema))(null) !== acceptsNull) {
      status = 1;
      console.log(`self-test: ${JSON.stringify(schema)} should ${acceptsNull ? '' : 'not '}accept null`);
    }
  }
  for (const { good, expect, line } of cases) {
    const found = check(ctx, { source: 'self-test', ...line }).map((f) => `${f.operation} — ${f.problem}`);
    const ok = good ? found.length === 0 : found.some((f) => f.includes(expect));
    if (!ok) {
      status = 1;
      console.log(`self-test: ${line.method} ${line.path} ${line.status}: expected ${good ? 'no mismatch' : `"${expect}"`}, got ${JSON.stringify(found)}`);
    }
  }
  console.log(`self-test: ${cases.length} cases, ${status ? 'FAILED' : 'ok'}`);
  return status;
}

function main(argv) {
  if (argv[0] === '--self-test') {
    return selfTest();
  }
  const dir = argv[0];
  if (!dir) {
    console.error('usage: node openapi-responses.mjs LOG_DIR [--require http,browser]');
    return 2;
  }
  const requireAt = argv.indexOf('--require');
  const required = requireAt >= 0 ? (argv[requireAt + 1] ?? '').split(',').filter(Boolean) : [];

  const ctx = context();
  const { base } = ctx;

  let lines;
  let broken;
  try {
    ({ lines, broken } = readLog(dir));
  } catch (err) {
    console.error(`cannot read the response log ${dir}: ${err.message}`);
    return 1;
  }
  // Routes under _test/ exist only in the HTTP test binaries. An answer
  // without API-Version comes from the HTTP library (libmicrohttpd) before
  // Koppel saw the request: malformed requests the tests send on purpose.
  const api = lines.filter((l) => (l.path.startsWith(`${base}/`) || l.path === base)
    && !l.path.startsWith(`${base}/_test/`) && l.headers['api-version'] !== undefined);
  const library = lines.filter((l) => l.headers['api-version'] === undefined).length;
  const groups = new Map();
  let failedLines = 0;
  for (const line of api) {
    const found = check(ctx, line);
    if (found.length) {
      failedLines++;
    }
    for (const f of found) {
      const key = `${f.operation} — ${f.problem}`;
      const g = groups.get(key) ?? { count: 0, example: `${line.source}: ${line.method} ${line.path}`, detail: f.detail };
      g.count++;
      groups.set(key, g);
    }
  }

  const bySource = {};
  for (const line of api) {
    bySource[line.source] = (bySource[line.source] ?? 0) + 1;
  }
  console.log(`${api.length} API responses checked (${Object.entries(bySource).map(([s, n]) => `${s}: ${n}`).join(', ') || 'none'}); `
    + `${failedLines} do not match server/openapi.json; ${library} answered by the HTTP library, not checked`);

  let status = 0;
  if (api.length === 0) {
    console.log(`no API responses in ${dir}: did the HTTP and browser tests run with KOPPEL_RESPONSE_LOG=${dir}?`);
    status = 1;
  }
  for (const source of required) {
    if (!bySource[source]) {
      console.log(`no responses logged by the ${source} tests: did they run with KOPPEL_RESPONSE_LOG=${dir}?`);
      status = 1;
    }
  }
  for (const b of broken) {
    console.log(`unreadable log line: ${b}`);
    status = 1;
  }
  if (groups.size) {
    status = 1;
    console.log('');
    for (const [key, g] of [...groups.entries()].sort()) {
      console.log(`- ${key}  (${g.count}×, e.g. ${g.example})${g.detail ? `\n    ${g.detail}` : ''}`);
    }
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));
