// Handlers of servers beyond Express/Fastify, recognised by their types (the type
// stubs under node_modules/ stand in for the real packages). Each handler makes
// its own blocking call, so each finding shows that its handler was recognised:
// a sync function that nothing recognisable calls is not an entry point.
import { readFileSync, statSync, existsSync, readdirSync, lstatSync, accessSync, realpathSync, readlinkSync } from 'node:fs';
import { App } from 'uWebSockets.js';
import type { NextApiRequest, NextApiResponse, NextRequest } from 'next';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Handler } from 'aws-lambda';
import { Controller, Get } from '@nestjs/common';
import * as Hapi from '@hapi/hapi';
import type { Lifecycle, Request, ResponseToolkit } from '@hapi/hapi';
import Koa = require('koa');

function page(name: string): string {
  return readFileSync(`/srv/${name}.html`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// uWebSockets.js: app.get/any and ws behaviours.
App()
  .get('/*', (res) => {
    res.end(page('home'));
  })
  .ws('/*', {
    message: (ws) => {
      ws.send(String(statSync('/srv/state').size));
      //             ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    },
  });

// Next.js app router (route.ts exports) and pages/api (default export).
export function GET(request: NextRequest): Response {
  return new Response(String(existsSync(new URL(request.url).pathname)));
  //                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export default function api(req: NextApiRequest, res: NextApiResponse): void {
  res.send(readdirSync(req.query.dir).join(','));
  //       ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// AWS Lambda: by its declared handler type, or by the event type it takes.
export const handler: Handler<APIGatewayProxyEvent, APIGatewayProxyResult> = (event) => ({ statusCode: 200, body: String(lstatSync(event.body ?? '/').size) });
//                                                                                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async

export function byEvent(event: APIGatewayProxyEvent): APIGatewayProxyResult {
  accessSync(event.body ?? '/');
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  return { statusCode: 200, body: 'ok' };
}

// NestJS: a route method of a controller.
@Controller('pages')
export class PagesController {
  @Get()
  list(): string {
    return realpathSync('/srv/pages');
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
}

// Hapi: a handler in a route's options (one route or a list), one declared by its
// Lifecycle.Method type, and one that takes Hapi's Request.
const server = Hapi.server({ port: 3000 });
server.route({ method: 'GET', path: '/one', handler: () => readlinkSync('/srv/one') });
//                                                         ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
server.route([{ method: 'GET', path: '/two', handler: () => statSync('/srv/two').size }]);
//                                                          ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async

const show: Lifecycle.Method = (request) => readFileSync(request.params.name, 'utf8');
//                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
server.route({ method: 'GET', path: '/show/{name}', handler: show });

export function typed(request: Request, h: ResponseToolkit): unknown {
  return h.response(existsSync(request.path));
  //                ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// Koa: sync middleware handed to app.use, and a function that takes Koa's Context.
const app = new Koa();
app.use((ctx) => {
  ctx.body = readdirSync(ctx.path);
  //         ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
});

export function middleware(ctx: Koa.Context): void {
  ctx.body = lstatSync(ctx.path).size;
  //         ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// A method handed over with .bind(this) is the handler all the same.
class Routes {
  root = '/srv/';
  home(res: { end(body: string): void }): void {
    res.end(String(accessSync(this.root)));
    //             ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
  mount(): void {
    App().get('/bound', this.home.bind(this));
  }
}
new Routes().mount();
