// The same server types, with handlers that do not block, and a NestJS method with
// no route decorator (not a handler): nothing to report.
import { readFileSync } from 'node:fs';
import { App } from 'uWebSockets.js';
import type { NextRequest } from 'next';
import { Controller, Get } from '@nestjs/common';
import * as Hapi from '@hapi/hapi';
import Koa = require('koa');

App().any('/*', (res, req) => {
  res.end(req.getUrl());
});

export function GET(request: NextRequest): Response {
  return new Response(request.url);
}

@Controller('admin')
export class AdminController {
  @Get()
  status(): string {
    return 'ok';
  }

  // Not a route: only start-up code below calls it.
  loadBanner(): string {
    return readFileSync('/srv/banner.txt', 'utf8');
  }
}

export const banner = new AdminController().loadBanner();

// Hapi and Koa handlers that do not block; a Hapi server's start-up reads once.
const server = Hapi.server();
server.route({ method: 'GET', path: '/', handler: (request) => request.path });
const app = new Koa();
app.use((ctx) => {
  ctx.body = ctx.path;
});

async function start(): Promise<void> {
  readFileSync('/etc/app.json', 'utf8');
  await server.start();
}
start();
