/**
 * Request and connection handler registrars, handler base classes and request types
 * (external, canonical names; or `package.Class` when the workspace is the framework
 * itself): the tables the handler evidence of hot-path.ts reads.
 */
import { canonical } from '../apis';
import { candidates, externalName, type Sym } from '../resolve';

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** Calls that register a request or connection handler (external, canonical names), and what the handler handles. */
export const REGISTRARS = new Map<string, string>();
function registrars(label: string, names: string[]): void {
  for (const n of names) REGISTRARS.set(n, label);
}
const methodsOf = (type: string, methods: string[]) => methods.map((m) => `${type}.${m}`);
registrars('an aiohttp route', [
  ...methodsOf('aiohttp.web.UrlDispatcher', [...VERBS.map((v) => `add_${v}`), 'add_route', 'add_view']),
  ...methodsOf('aiohttp.web.RouteTableDef', [...VERBS, 'route', 'view']),
  ...methodsOf('aiohttp.web', [...VERBS, 'route', 'view']),
]);
registrars('a starlette route', [
  'starlette.routing.Route', 'starlette.routing.WebSocketRoute',
  ...['starlette.applications.Starlette', 'starlette.routing.Router'].flatMap((t) => methodsOf(t, ['route', 'add_route', 'websocket_route', 'add_websocket_route'])),
]);
registrars('a FastAPI route', [
  'fastapi.routing.APIRoute', 'fastapi.routing.APIWebSocketRoute',
  ...['fastapi.FastAPI', 'fastapi.APIRouter'].flatMap((t) => methodsOf(t, [...VERBS, 'trace', 'api_route', 'websocket', 'add_api_route', 'add_api_websocket_route', 'route', 'add_route', 'websocket_route'])),
]);
registrars('a quart route', ['quart.Quart', 'quart.Blueprint'].flatMap((t) => methodsOf(t, [...VERBS, 'route', 'websocket', 'add_url_rule', 'add_websocket'])));
registrars('a flask route', ['flask.Flask', 'flask.Blueprint'].flatMap((t) => methodsOf(t, [...VERBS, 'route', 'add_url_rule'])));
registrars('a sanic route', ['sanic.Sanic', 'sanic.Blueprint'].flatMap((t) => methodsOf(t, [...VERBS, 'route', 'websocket', 'add_route', 'add_websocket_route'])));
registrars('an asyncio server connection callback', ['asyncio.start_server', 'asyncio.start_unix_server']);
registrars('a websockets server connection handler', ['websockets.serve', 'websockets.unix_serve', 'websockets.server.serve', 'websockets.server.unix_serve', 'websockets.asyncio.server.serve']);

/**
 * The same registrars when the workspace is the framework: `package.Class.method`
 * (or `package.function`) of the defining module's top package, whatever its submodule.
 */
export const OWN_REGISTRARS = new Map<string, string>();
for (const [name, label] of REGISTRARS) {
  const parts = name.split('.');
  const top = parts[0];
  const last = parts.slice(-2);
  const isMethod = /^[A-Z]/.test(last[0]) && /^[a-z_]/.test(last[1]);
  OWN_REGISTRARS.set(isMethod ? `${top}.${last[0]}.${last[1]}` : `${top}.${last[1]}`, label);
}

/** Handler base classes (canonical names, or `package.Class` when the workspace is the framework) → the methods that handle requests. */
export const HANDLER_BASES: Record<string, { label: string; methods: string[] }> = {
  'tornado.web.RequestHandler': { label: 'tornado RequestHandler', methods: [...VERBS, 'prepare'] },
  'tornado.websocket.WebSocketHandler': { label: 'tornado WebSocketHandler', methods: [...VERBS, 'prepare', 'open', 'on_message'] },
  'aiohttp.web.View': { label: 'aiohttp web.View', methods: VERBS },
  'starlette.endpoints.HTTPEndpoint': { label: 'starlette HTTPEndpoint', methods: VERBS },
  'starlette.endpoints.WebSocketEndpoint': { label: 'starlette WebSocketEndpoint', methods: ['on_connect', 'on_receive'] },
};
export const OWN_HANDLER_BASES = new Map(Object.entries(HANDLER_BASES).map(([k, v]) => [`${k.split('.')[0]}.${k.split('.').pop()}`, v]));

/** Request types a handler takes (canonical names, or `package.Class` for the framework's own). */
export const REQUEST_TYPES = new Map<string, string>();
for (const [label, names] of Object.entries({
  'an aiohttp Request': ['aiohttp.web.Request', 'aiohttp.web.BaseRequest', 'aiohttp.web_request.Request', 'aiohttp.web_request.BaseRequest'],
  'a starlette Request': ['starlette.requests.Request', 'starlette.requests.HTTPConnection', 'starlette.websockets.WebSocket', 'fastapi.Request', 'fastapi.WebSocket', 'fastapi.requests.Request', 'fastapi.websockets.WebSocket'],
  'a tornado HTTPServerRequest': ['tornado.httputil.HTTPServerRequest'],
  'a quart Request': ['quart.Request', 'quart.Websocket', 'quart.wrappers.Request', 'quart.wrappers.Websocket'],
  'a sanic Request': ['sanic.Request', 'sanic.request.Request'],
})) for (const n of names) REQUEST_TYPES.set(n, label);
export const OWN_REQUEST_TYPES = new Map([...REQUEST_TYPES].map(([k, v]) => [`${k.split('.')[0]}.${k.split('.').pop()}`, v]));

export function registrarLabel(sym: Sym): string | undefined {
  for (const s of candidates(sym)) {
    const ext = externalName(s);
    if (ext) {
      const label = REGISTRARS.get(canonical(ext));
      if (label) return label;
    }
    if (s.kind === 'function') {
      const top = s.fn.module.name.split('.')[0];
      const label = OWN_REGISTRARS.get(s.fn.cls ? `${top}.${s.fn.cls.name}.${s.fn.name}` : `${top}.${s.fn.name}`);
      if (label) return label;
    }
    if (s.kind === 'class') {
      const label = OWN_REGISTRARS.get(`${s.cls.module.name.split('.')[0]}.${s.cls.name}`);
      if (label) return label;
    }
  }
  return undefined;
}
